use purpose_attrs::purpose;

#[purpose]
fn send(#[advertising_sink] payload: &str) -> usize {
    #[advertising_sink]
    let length = payload.len();
    length
}

fn main() {
    assert_eq!(send("x"), 1);
}
