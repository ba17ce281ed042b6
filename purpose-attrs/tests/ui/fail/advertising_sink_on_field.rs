use purpose_attrs::purpose;

#[purpose]
pub struct Event {
    #[advertising_sink]
    pub payload: String,
}

fn main() {}
