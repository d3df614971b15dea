//! Converts the SAMHSA facility lists and the US ZIP (ZCTA) centroids in
//! `../shared/fixtures/` into a deflect directory, for the benchmark of
//! issue #3 (bench/samhsa.sh, docs/PERFORMANCE.md).
//!
//! ```text
//! cargo run --release --example samhsa_directory -- FIXTURES OUT_DIR
//! ```
//!
//! `FIXTURES` is the shared fixtures folder (with `samhsa/` and `geo/`).
//! The lists carry locations only (no phone, hours or services), so every
//! facility gets the category `treatment` (`methadone` for the opioid
//! treatment programmes), the national helpline's number, and no hours; the
//! directory's name says it is not for referrals. Every ZIP centroid
//! becomes a `[[place]]` of kind `postcode`. It is benchmark tooling, not
//! part of the installed program: write its output outside the repository.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

/// SAMHSA's National Helpline, the only number the lists allow.
const HELPLINE: &str = "1-800-662-4357";

/// Services per file, as in the synthetic benchmark.
const PER_FILE: usize = 100;

/// The fields of each record of a CSV text (RFC 4180: quoted fields may
/// hold commas, doubled quotes and line breaks). The header is the first
/// record.
fn csv_records(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

/// A CSV file as a header and rows, each row a lookup by column name.
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn read(path: &Path) -> Result<Table, String> {
        let bytes =
            std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let text = String::from_utf8_lossy(&bytes);
        let mut records = csv_records(text.trim_start_matches('\u{feff}')).into_iter();
        let header = records
            .next()
            .ok_or_else(|| format!("{} is empty", path.display()))?
            .into_iter()
            .map(|h| h.trim().to_string())
            .collect();
        Ok(Table {
            header,
            rows: records
                .filter(|r| r.iter().any(|f| !f.trim().is_empty()))
                .collect(),
        })
    }

    fn column(&self, name: &str) -> Result<usize, String> {
        self.header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| format!("no column {name} in {:?}", self.header))
    }
}

fn field(row: &[String], column: usize) -> &str {
    row.get(column).map_or("", |f| f.trim())
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn coordinates(lat: &str, lon: &str) -> Option<(f64, f64)> {
    let lat: f64 = lat.parse().ok()?;
    let lon: f64 = lon.parse().ok()?;
    ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) && (lat, lon) != (0.0, 0.0))
        .then_some((lat, lon))
}

/// One facility as a `[[service]]` table.
fn service(id: &str, name: &str, category: &str, address: &str, at: Option<(f64, f64)>) -> String {
    let mut s = String::with_capacity(400);
    let _ = writeln!(s, "[[service]]");
    let _ = writeln!(s, "id = {}", toml_string(id));
    let _ = writeln!(s, "name = {}", toml_string(name));
    let _ = writeln!(s, "categories = [{}]", toml_string(category));
    let _ = writeln!(
        s,
        "description = \"Listed by SAMHSA (2021). Location only: services, hours and phone are not known; call the National Helpline.\""
    );
    let _ = writeln!(s, "phone = {}", toml_string(HELPLINE));
    if !address.is_empty() {
        let _ = writeln!(s, "address = {}", toml_string(address));
    }
    if let Some((lat, lon)) = at {
        let _ = writeln!(s, "lat = {lat}");
        let _ = writeln!(s, "lon = {lon}");
    }
    s.push('\n');
    s
}

fn join(parts: &[&str], separator: &str) -> String {
    parts
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(separator)
}

/// One service per row of the treatment facility list.
fn treatment_services(t: &Table) -> Result<Vec<String>, String> {
    let mut services = Vec::new();
    let (n1, n2) = (t.column("name1")?, t.column("name2")?);
    let (s1, s2) = (t.column("street1")?, t.column("street2")?);
    let (city, state, zip) = (t.column("city")?, t.column("state")?, t.column("zip")?);
    let (lat, lon) = (t.column("latitude")?, t.column("longitude")?);
    for (i, row) in t.rows.iter().enumerate() {
        let name = join(&[field(row, n1), field(row, n2)], " — ");
        let place = join(&[field(row, city), field(row, state)], ", ");
        let address = join(
            &[
                field(row, s1),
                field(row, s2),
                &join(&[&place, field(row, zip)], " "),
            ],
            ", ",
        );
        let at = coordinates(field(row, lat), field(row, lon));
        let name = if name.is_empty() {
            format!("Facility {}", i + 1)
        } else {
            name
        };
        services.push(service(
            &format!("samhsa-{:05}", i + 1),
            &name,
            "treatment",
            &address,
            at,
        ));
    }
    Ok(services)
}

/// One methadone service per row of the opioid treatment programme list.
fn otp_services(t: &Table) -> Result<Vec<String>, String> {
    let mut services = Vec::new();
    let (name, street) = (t.column("ID")?, t.column("ADDRESS")?);
    let (city, state, zip) = (t.column("CITY")?, t.column("STATE")?, t.column("POSTAL")?);
    let (lat, lon) = (t.column("Latitude")?, t.column("Longitude")?);
    for (i, row) in t.rows.iter().enumerate() {
        let place = join(&[field(row, city), field(row, state)], ", ");
        let address = join(
            &[field(row, street), &join(&[&place, field(row, zip)], " ")],
            ", ",
        );
        let at = coordinates(field(row, lat), field(row, lon));
        let name = match field(row, name) {
            "" => format!("Opioid treatment programme {}", i + 1),
            n => n.to_string(),
        };
        services.push(service(
            &format!("otp-{:05}", i + 1),
            &name,
            "methadone",
            &address,
            at,
        ));
    }
    Ok(services)
}

/// Makes room for the directory: an earlier conversion is removed, any other
/// folder with something in it is refused.
fn clear_output(out: &Path) -> Result<(), String> {
    if out.exists() {
        if !out.join("directory.toml").exists() {
            if out.read_dir().is_ok_and(|mut d| d.next().is_some()) {
                return Err(format!(
                    "{} exists and is not a converted directory",
                    out.display()
                ));
            }
        } else {
            std::fs::remove_dir_all(out)
                .map_err(|e| format!("cannot clear {}: {e}", out.display()))?;
        }
    }
    Ok(())
}

fn run(fixtures: &Path, out: &Path) -> Result<(usize, usize), String> {
    let treatment =
        Table::read(&fixtures.join("samhsa/SAMHSA_Nationwide_Substance_Use_Treatment_Data.csv"))?;
    let otp = Table::read(&fixtures.join("samhsa/Opioid_Treatment_Directory_Geocoded.csv"))?;
    let zips = Table::read(&fixtures.join("geo/zcta_centroids_2018.csv"))?;

    let mut services = treatment_services(&treatment)?;
    services.extend(otp_services(&otp)?);
    clear_output(out)?;
    let folder = out.join("services");
    std::fs::create_dir_all(&folder)
        .map_err(|e| format!("cannot create {}: {e}", folder.display()))?;
    let write = |path: &Path, text: &str| {
        std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };

    let mut directory = String::from(
        "# Built by examples/samhsa_directory.rs from the SAMHSA facility lists\n\
         # (locations only, about 2021) and US Census ZIP centroids, for the\n\
         # benchmark of docs/PERFORMANCE.md. NOT FOR REFERRALS.\n\n\
         [directory]\n\
         name = \"SAMHSA facility locations (benchmark only, not for referrals)\"\n\
         timezone = \"America/Chicago\"\n\
         country = \"US\"\n\
         units = \"mi\"\n\
         crisis_lines = [\n  { name = \"SAMHSA National Helpline\", phone = \"1-800-662-4357\" },\n  { name = \"988 Suicide & Crisis Lifeline\", phone = \"988\" },\n]\n",
    );
    directory.push('\n');
    write(&out.join("directory.toml"), &directory)?;

    let (geoid, lat, lon) = (
        zips.column("geoid")?,
        zips.column("latitude")?,
        zips.column("longitude")?,
    );
    let mut places = String::with_capacity(zips.rows.len() * 80);
    let mut count = 0;
    let mut seen = std::collections::HashSet::new();
    for row in &zips.rows {
        let zip = field(row, geoid);
        // A ZCTA split over two states is listed twice: keep the first.
        if !seen.insert(zip.to_string()) {
            continue;
        }
        let Some((lat, lon)) = coordinates(field(row, lat), field(row, lon)) else {
            continue;
        };
        if zip.len() != 5 || !zip.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let _ = writeln!(
            places,
            "[[place]]\nname = \"{zip}\"\nkind = \"postcode\"\nlat = {lat}\nlon = {lon}\n"
        );
        count += 1;
    }
    write(&out.join("places.toml"), &places)?;

    for (n, chunk) in services.chunks(PER_FILE).enumerate() {
        write(&folder.join(format!("{n:04}.toml")), &chunk.concat())?;
    }
    Ok((services.len(), count))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [fixtures, out] = args.as_slice() else {
        eprintln!("usage: samhsa_directory FIXTURES OUT_DIR");
        return ExitCode::from(2);
    };
    match run(Path::new(fixtures), Path::new(out)) {
        Ok((services, places)) => {
            eprintln!("wrote {services} services and {places} postcode places to {out}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}
