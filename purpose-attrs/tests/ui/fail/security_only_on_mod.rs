use purpose_attrs::security_only;

#[security_only]
mod secrets {
    pub fn phone() -> String {
        String::new()
    }
}

fn main() {
    let _ = secrets::phone();
}
