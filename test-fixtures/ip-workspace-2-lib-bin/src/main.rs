//! Marketing sync job: the binary target of the package, using the lib by crate name.

use fx_ip_workspace_2_lib_bin::ads::Audience;
use fx_ip_workspace_2_lib_bin::{alerts, model::Account};

fn main() {
    let accts = vec![Account::new(1, "ada", "+44 20 7946 0000"), Account::new(2, "bob", "+1 555 0100")];
    let verified = Audience::open("2fa-verified");
    verified.add(&accts[0].contact()); // FLOW
    verified.add(&accts[1].handle); // clean
    let keys: Vec<String> = accts.iter().map(Account::contact).collect();
    verified.add_many(&keys);
    verified.add_segment("2fa");
    for a in &accts {
        alerts::on_new_device(a);
        alerts::notify(a);
    }
}
