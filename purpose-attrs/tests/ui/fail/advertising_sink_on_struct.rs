use purpose_attrs::advertising_sink;

#[advertising_sink]
pub struct Event {
    pub payload: String,
}

fn main() {}
