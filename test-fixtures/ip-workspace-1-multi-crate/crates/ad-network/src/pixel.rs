use purpose_attrs::advertising_sink;

pub struct Pixel {
    id: u64,
}

impl Pixel {
    pub fn new(id: u64) -> Self {
        Self { id }
    }

    #[advertising_sink]
    pub fn fire(&self, key: &str) {
        let _req = format!("pixel {} {key}", self.id);
    }
}

pub fn login_pixel() -> Pixel {
    Pixel::new(31)
}
