use purpose_attrs::declassified;

#[declassified]
pub fn first(phone: &str) -> usize {
    phone.len()
}

#[declassified(reason = "  ")]
pub fn second(phone: &str) -> usize {
    phone.len()
}

#[declassified(because = "x")]
pub fn third(phone: &str) -> usize {
    phone.len()
}

fn main() {}
