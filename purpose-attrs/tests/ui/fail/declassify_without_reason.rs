use purpose_attrs::declassify;

fn main() {
    let phone = String::from("+44 7700 900123");
    let _ = declassify!(phone.clone());
    let _ = declassify!(phone.clone(), "");
    let _ = declassify!(phone, 42);
}
