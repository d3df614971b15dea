//! Writes a realistic, synthetic deflect directory of N services, the same
//! for the same seed, for the benchmark of docs/PERFORMANCE.md.
//!
//! ```text
//! cargo run --release --example gen_directory -- N OUT_DIR [SEED]
//! ```
//!
//! The shape follows issue #6: 100 services per file; services spread over a
//! 60 × 60 km metropolitan area, about 10% without coordinates; one to three
//! categories each; about half with one of ten common hours expressions, 5%
//! with none, and the rest with varied weekly hours (a few hundred distinct
//! expressions per 10,000 services); languages, ages, payment and
//! attributes on about half; a description of about 100 characters; and
//! 200 places. The data is fictional, and the directory says so.
//!
//! It is a benchmark tool, not part of the installed program. Write its
//! output outside the repository (under `target/` or a temporary folder).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// SplitMix64: small, fast and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// A number in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The centre of the fictional metropolitan area (near Chicago, so that the
/// timezone and US holidays are realistic).
const CENTRE: (f64, f64) = (41.85, -87.75);
/// Half the side of the 60 km square, in km.
const HALF_SIDE_KM: f64 = 30.0;

/// The ten common expressions shared by about half of the services.
const COMMON_HOURS: &[&str] = &[
    "24/7",
    "Mo-Fr 09:00-17:00",
    "Mo-Fr 08:00-16:30; PH off",
    "Mo-Fr 08:00-17:00; Sa 09:00-13:00; PH off",
    "Mo-Su 19:00-07:00",
    "Sa,Su 10:00-16:00",
    "Mo-Fr 08:00-12:00,13:00-17:00",
    "Mo-Th 09:00-19:00; Fr 09:00-15:00; PH off",
    "Mo-Fr 07:00-15:30",
    "Mo-Sa 10:00-18:00; PH off",
];

const DAY_PATTERNS: &[&str] = &[
    "Mo-Fr", "Mo-Th", "Tu-Sa", "Mo,We,Fr", "Tu,Th", "Mo-Sa", "Mo-Su", "We-Su", "Mo-We", "Th-Sa",
    "Mo,Tu,Th", "Fr-Su",
];
const SECOND_RULES: &[&str] = &[
    "",
    "; PH off",
    "; Sa 10:00-14:00",
    "; Su 12:00-16:00; PH off",
];

/// The `k`th varied expression: every `k` below 12,288 gives a distinct
/// expression.
fn varied_hours(k: usize) -> String {
    let days = DAY_PATTERNS[k % DAY_PATTERNS.len()];
    let k = k / DAY_PATTERNS.len();
    let open = 6 * 60 + (k % 16) * 15; // 06:00 to 09:45
    let k = k / 16;
    let close = 14 * 60 + (k % 16) * 30; // 14:00 to 21:30
    let k = k / 16;
    let extra = SECOND_RULES[k % SECOND_RULES.len()];
    format!(
        "{days} {:02}:{:02}-{:02}:{:02}{extra}",
        open / 60,
        open % 60,
        close / 60,
        close % 60
    )
}

/// Leaf categories, with weights that make treatment and harm reduction
/// the most common, as in a real treatment locator.
const CATEGORIES: &[(&str, u32)] = &[
    ("withdrawal-management", 6),
    ("methadone", 3),
    ("buprenorphine", 5),
    ("naltrexone", 2),
    ("residential-treatment", 6),
    ("outpatient-treatment", 12),
    ("sobering-center", 1),
    ("syringe-services", 3),
    ("naloxone", 4),
    ("drug-checking", 1),
    ("recovery-community", 2),
    ("peer-support", 4),
    ("recovery-housing", 4),
    ("mutual-aid", 5),
    ("crisis-line", 1),
    ("crisis-stabilization", 1),
    ("mobile-crisis", 1),
    ("mental-health", 8),
    ("shelter", 3),
    ("medical", 4),
    ("infectious-disease", 2),
    ("case-management", 3),
    ("family-support", 2),
];

const LANGUAGES: &[&str] = &["es", "pl", "ar", "zh", "vi", "ko", "tl", "ru", "fr", "ur"];
const PAYMENTS: &[&str] = &[
    "free",
    "sliding-scale",
    "medicaid",
    "medicare",
    "private-insurance",
    "self-pay",
    "military",
    "state-funded",
];
const ATTRIBUTES: &[&str] = &[
    "walk-in",
    "same-day",
    "accepts-under-influence",
    "accepts-police-dropoff",
    "accepts-people-on-moud",
    "no-id-needed",
    "wheelchair-accessible",
    "interpreter-available",
    "transport-provided",
    "telehealth",
    "women-with-children",
    "veterans",
];
const NAME_FIRST: &[&str] = &[
    "Lakeside",
    "Northgate",
    "Riverbend",
    "Westfield",
    "Harbor",
    "Cedar",
    "Maple",
    "Union",
    "Prairie",
    "Eastline",
    "Bridgeport",
    "Summit",
    "Oak Park",
    "Canal",
    "Midway",
    "Beacon",
    "Greenway",
    "Southshore",
    "Liberty",
    "Heritage",
];
const NAME_SECOND: &[&str] = &[
    "Recovery Center",
    "Health Services",
    "Community Clinic",
    "Treatment Program",
    "Wellness House",
    "Outreach",
    "Counseling Center",
    "Care Network",
    "Family Services",
    "Harm Reduction Hub",
];
const STREETS: &[&str] = &[
    "Main St",
    "Oak Ave",
    "Lake Shore Dr",
    "Madison St",
    "State St",
    "Halsted St",
    "Ashland Ave",
    "Western Ave",
    "Pulaski Rd",
    "Cicero Ave",
    "Irving Park Rd",
    "Belmont Ave",
    "Roosevelt Rd",
    "Cermak Rd",
    "Archer Ave",
];
const DESCRIPTIONS: &[&str] = &[
    "Assessment and referral for adults with substance use needs; peer navigators help with next steps.",
    "Walk-in support with case managers who connect people to treatment, housing and benefits the same day.",
    "Medically supervised care with nurses on site, and continued medication for people already on MOUD.",
    "Group and individual counselling, family sessions and aftercare planning, in English and Spanish.",
    "Low-barrier service: no ID needed, no appointment, and staff trained to welcome people who use drugs.",
];

fn weighted_category(rng: &mut Rng) -> &'static str {
    let total: u32 = CATEGORIES.iter().map(|(_, w)| w).sum();
    let mut roll = (rng.next() % u64::from(total)) as u32;
    for (id, weight) in CATEGORIES {
        if roll < *weight {
            return id;
        }
        roll -= weight;
    }
    CATEGORIES[0].0
}

/// A point in the metropolitan square.
fn point(rng: &mut Rng) -> (f64, f64) {
    let dy = (rng.unit() * 2.0 - 1.0) * HALF_SIDE_KM;
    let dx = (rng.unit() * 2.0 - 1.0) * HALF_SIDE_KM;
    let lat = CENTRE.0 + dy / 111.32;
    let lon = CENTRE.1 + dx / (111.32 * CENTRE.0.to_radians().cos());
    (lat, lon)
}

fn quoted_list(items: &[&str]) -> String {
    let inner: Vec<String> = items.iter().map(|s| format!("\"{s}\"")).collect();
    format!("[{}]", inner.join(", "))
}

/// Distinct items drawn from a list.
fn some_of<'a>(rng: &mut Rng, items: &[&'a str], max: usize) -> Vec<&'a str> {
    let n = 1 + rng.below(max);
    let mut out: Vec<&str> = Vec::new();
    for _ in 0..n * 2 {
        let item = *rng.pick(items);
        if !out.contains(&item) {
            out.push(item);
        }
        if out.len() == n {
            break;
        }
    }
    out
}

fn service(rng: &mut Rng, index: usize, varied_pool: usize) -> String {
    let mut s = String::with_capacity(640);
    let first = rng.pick(NAME_FIRST);
    let second = rng.pick(NAME_SECOND);
    let _ = writeln!(s, "[[service]]");
    let _ = writeln!(s, "id = \"svc-{index:06}\"");
    let _ = writeln!(s, "name = \"{first} {second} {}\"", index % 97 + 1);
    let _ = writeln!(s, "organization = \"{first} Health Partners\"");
    let mut categories: Vec<&str> = Vec::new();
    let wanted = 1 + rng.below(3);
    while categories.len() < wanted {
        let c = weighted_category(rng);
        if !categories.contains(&c) {
            categories.push(c);
        }
    }
    let _ = writeln!(s, "categories = {}", quoted_list(&categories));
    let _ = writeln!(s, "description = \"{}\"", rng.pick(DESCRIPTIONS));
    let _ = writeln!(
        s,
        "phone = \"(312) 555-{:04}\"",
        (index * 7919 + rng.below(10)) % 10_000
    );
    let _ = writeln!(
        s,
        "address = \"{} {}, Chicago, IL 606{:02}\"",
        100 + rng.below(9900),
        rng.pick(STREETS),
        rng.below(60)
    );
    if !rng.chance(0.10) {
        let (lat, lon) = point(rng);
        let _ = writeln!(s, "lat = {lat:.5}");
        let _ = writeln!(s, "lon = {lon:.5}");
    }
    let roll = rng.unit();
    if roll < 0.50 {
        let _ = writeln!(s, "hours = \"{}\"", rng.pick(COMMON_HOURS));
    } else if roll < 0.95 {
        let _ = writeln!(s, "hours = \"{}\"", varied_hours(rng.below(varied_pool)));
    }
    if rng.chance(0.5) {
        let mut languages = vec!["en"];
        languages.extend(some_of(rng, LANGUAGES, 2));
        let _ = writeln!(s, "languages = {}", quoted_list(&languages));
    }
    if rng.chance(0.5) {
        let _ = writeln!(s, "age_min = {}", if rng.chance(0.8) { 18 } else { 12 });
        if rng.chance(0.3) {
            let _ = writeln!(s, "age_max = {}", 25 + rng.below(50));
        }
    }
    if rng.chance(0.5) {
        let _ = writeln!(s, "payment = {}", quoted_list(&some_of(rng, PAYMENTS, 3)));
    }
    if rng.chance(0.5) {
        let _ = writeln!(
            s,
            "attributes = {}",
            quoted_list(&some_of(rng, ATTRIBUTES, 3))
        );
    }
    let _ = writeln!(
        s,
        "verified = 2026-{:02}-{:02}",
        1 + rng.below(11),
        1 + rng.below(28)
    );
    s.push('\n');
    s
}

/// The `[directory]` table and the 200 places.
fn directory_file(rng: &mut Rng, n: usize) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Synthetic benchmark directory of {n} fictional services, written by\n# examples/gen_directory.rs. Do not refer anyone using it.\n"
    );
    let _ = writeln!(s, "[directory]");
    let _ = writeln!(s, "name = \"Synthetic metro ({n} services, benchmark)\"");
    let _ = writeln!(s, "demo = true");
    let _ = writeln!(s, "format = 1");
    let _ = writeln!(s, "timezone = \"America/Chicago\"");
    let _ = writeln!(s, "country = \"US\"");
    let _ = writeln!(s, "units = \"km\"");
    let _ = writeln!(s, "default_place = \"Central Station\"");
    let _ = writeln!(
        s,
        "crisis_lines = [\n  {{ name = \"988 Suicide & Crisis Lifeline\", phone = \"988\" }},\n  {{ name = \"SAMHSA National Helpline\", phone = \"1-800-662-4357\" }},\n]\n"
    );
    let kinds = ["station", "landmark", "neighbourhood", "postcode"];
    for i in 0..200 {
        let kind = kinds[i % 4];
        let (lat, lon) = if i == 0 { CENTRE } else { point(rng) };
        let name = match (i, kind) {
            (0, _) => "Central Station".to_string(),
            (_, "station") => format!("District {} Station", i / 4 + 1),
            (_, "landmark") => format!("{} Park", NAME_FIRST[i % NAME_FIRST.len()])
                .replace(" Park", &format!(" Park {}", i / 4 + 1)),
            (_, "neighbourhood") => {
                format!("{} Heights {}", NAME_FIRST[i % NAME_FIRST.len()], i / 4 + 1)
            }
            _ => format!("606{:02}", i / 4),
        };
        let _ = writeln!(s, "[[place]]");
        let _ = writeln!(s, "name = \"{name}\"");
        if kind == "station" {
            let _ = writeln!(s, "aliases = [\"Station {}\"]", i / 4 + 1);
        }
        let _ = writeln!(s, "kind = \"{kind}\"");
        let _ = writeln!(s, "lat = {lat:.5}");
        let _ = writeln!(s, "lon = {lon:.5}\n");
    }
    s
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn run(n: usize, out: &Path, seed: u64) -> Result<(), String> {
    let services = out.join("services");
    if out.exists() {
        // Only ever remove what this program writes.
        if !out.join("directory.toml").exists()
            && out.read_dir().is_ok_and(|mut d| d.next().is_some())
        {
            return Err(format!(
                "{} exists and is not a generated directory: choose another folder",
                out.display()
            ));
        }
        let _ = std::fs::remove_dir_all(&services);
    }
    std::fs::create_dir_all(&services)
        .map_err(|e| format!("cannot create {}: {e}", services.display()))?;
    let mut rng = Rng(seed);
    write(&out.join("directory.toml"), &directory_file(&mut rng, n))?;
    // A few hundred distinct varied expressions per 10,000 services.
    let varied_pool = (n / 25).clamp(20, 12_288);
    let mut file = String::new();
    for index in 0..n {
        file.push_str(&service(&mut rng, index, varied_pool));
        if (index + 1) % 100 == 0 || index + 1 == n {
            write(&services.join(format!("{:05}.toml", index / 100)), &file)?;
            file.clear();
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: gen_directory N OUT_DIR [SEED]";
    let (Some(n), Some(out)) = (
        args.first().and_then(|n| n.parse::<usize>().ok()),
        args.get(1).map(PathBuf::from),
    ) else {
        eprintln!("{usage}");
        return ExitCode::from(2);
    };
    let seed = match args.get(2).map(|s| s.parse::<u64>()) {
        None => 6,
        Some(Ok(seed)) => seed,
        Some(Err(_)) => {
            eprintln!("{usage}");
            return ExitCode::from(2);
        }
    };
    match run(n, &out, seed) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}
