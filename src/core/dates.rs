//! Post dates as blogs really write them.
//!
//! Hexo, Jekyll and RSS-fed sites use many spellings for the same instant. We accept
//! the common ones and keep the writer's UTC offset when there is one; a date with no
//! zone is read as UTC (a static site has no reader time zone to prefer).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

/// Parses a post date. Returns `None` when nothing sensible can be read.
pub fn parse_date(raw: &str) -> Option<DateTime<FixedOffset>> {
    let s = raw.trim();
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d);
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d);
    }
    // RFC 2822 without the weekday, or with a zone name chrono does not know.
    if let Some(d) = parse_rfc2822_loose(s) {
        return Some(d);
    }
    // Normalise the separators people use between date and time, then try zoned
    // and naive forms. `2013-05-06 20:00:00 +0200` (Jekyll), `2021-4-3 8:05`.
    let norm = normalise(s);
    for fmt in [
        "%Y-%m-%d %H:%M:%S%.f %z",
        "%Y-%m-%d %H:%M %z",
        "%Y-%m-%d %H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M%z",
    ] {
        if let Ok(d) = DateTime::parse_from_str(&norm, fmt) {
            return Some(d);
        }
    }
    for fmt in ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%d %H:%M"] {
        if let Ok(d) = NaiveDateTime::parse_from_str(&norm, fmt) {
            return Some(utc(d));
        }
    }
    // A trailing `Z`/`UTC`/`GMT` on an otherwise naive date-time.
    for suffix in [" UTC", " GMT", "Z", " Z"] {
        if let Some(head) = norm.strip_suffix(suffix) {
            for fmt in ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%d %H:%M"] {
                if let Ok(d) = NaiveDateTime::parse_from_str(head.trim_end(), fmt) {
                    return Some(utc(d));
                }
            }
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(&norm, "%Y-%m-%d") {
        return Some(utc(d.and_time(NaiveTime::MIN)));
    }
    // Chinese sites: 2021年4月30日 [21:34]
    if let Some(d) = parse_cjk(s) {
        return Some(d);
    }
    None
}

fn utc(d: NaiveDateTime) -> DateTime<FixedOffset> {
    Utc.from_utc_datetime(&d).fixed_offset()
}

/// `2021/04/30`, `2021.04.30`, `2021-04-30T21:34:00` → `2021-04-30 21:34:00`.
fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_date = true;
    for (i, c) in s.chars().enumerate() {
        match c {
            '/' | '.' if in_date && i < 10 => out.push('-'),
            'T' | 't' if in_date && i >= 8 => {
                in_date = false;
                out.push(' ');
            }
            ' ' if in_date => {
                in_date = false;
                out.push(' ');
            }
            _ => out.push(c),
        }
    }
    // Collapse runs of spaces so "2021-04-30  21:34" parses.
    let mut collapsed = String::with_capacity(out.len());
    for c in out.chars() {
        if c == ' ' && collapsed.ends_with(' ') {
            continue;
        }
        collapsed.push(c);
    }
    collapsed
}

/// RFC 2822 variants seen in RSS: no weekday, single-digit day, zone names such as
/// `CST`/`UTC` that chrono's strict parser rejects.
fn parse_rfc2822_loose(s: &str) -> Option<DateTime<FixedOffset>> {
    let body = match s.split_once(',') {
        Some((wd, rest)) if wd.len() <= 9 && wd.chars().all(|c| c.is_ascii_alphabetic()) => {
            rest.trim()
        }
        _ => s,
    };
    let parts: Vec<&str> = body.split_whitespace().collect();
    if parts.len() < 4 {
        return None;
    }
    let day: u32 = parts[0].parse().ok()?;
    let month = month_number(parts[1])?;
    let year: i32 = parts[2].parse().ok()?;
    let mut hms = parts[3].split(':').map(|p| p.parse::<u32>());
    let h = hms.next()?.ok()?;
    let m = hms.next()?.ok()?;
    let sec = hms.next().transpose().ok()?.unwrap_or(0);
    let naive = NaiveDate::from_ymd_opt(year, month, day)?.and_hms_opt(h, m, sec)?;
    let offset_secs = match parts.get(4) {
        None => 0,
        Some(z) => zone_offset(z)?,
    };
    FixedOffset::east_opt(offset_secs)?
        .from_local_datetime(&naive)
        .single()
}

fn month_number(m: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let m = m.get(..3)?.to_ascii_lowercase();
    MONTHS.iter().position(|x| *x == m).map(|i| i as u32 + 1)
}

fn zone_offset(z: &str) -> Option<i32> {
    let named = match z.to_ascii_uppercase().as_str() {
        "GMT" | "UTC" | "UT" | "Z" => Some(0),
        // RFC 2822's US zones; "CST" stays US Central as the RFC says, even though
        // Chinese feeds sometimes mean China Standard Time by it.
        "CST" => Some(-6 * 3600),
        "CDT" => Some(-5 * 3600),
        "JST" | "KST" => Some(9 * 3600),
        "EST" => Some(-5 * 3600),
        "EDT" => Some(-4 * 3600),
        "PST" => Some(-8 * 3600),
        "PDT" => Some(-7 * 3600),
        _ => None,
    };
    if named.is_some() {
        return named;
    }
    let (sign, digits) = match z.as_bytes().first()? {
        b'+' => (1, &z[1..]),
        b'-' => (-1, &z[1..]),
        _ => return None,
    };
    let digits: String = digits.chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let h: i32 = digits[..2].parse().ok()?;
    let m: i32 = digits[2..].parse().ok()?;
    Some(sign * (h * 3600 + m * 60))
}

fn parse_cjk(s: &str) -> Option<DateTime<FixedOffset>> {
    let (y, rest) = s.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let (d, rest) = rest.split_once(['日', '号'])?;
    let date = NaiveDate::from_ymd_opt(
        y.trim().parse().ok()?,
        m.trim().parse().ok()?,
        d.trim().parse().ok()?,
    )?;
    let rest = rest.trim();
    let time = if rest.is_empty() {
        NaiveTime::MIN
    } else {
        NaiveTime::parse_from_str(rest, "%H:%M:%S")
            .or_else(|_| NaiveTime::parse_from_str(rest, "%H:%M"))
            .ok()?
    };
    Some(utc(date.and_time(time)))
}

/// A date as a catalog carries it: RFC 3339 (what `to_rfc3339` writes), or a bare
/// `YYYY-MM-DD` (midnight UTC) from a hand-written catalog. Not `parse_date`'s many
/// spellings: those are for post files, which the CLI and the post reader read, and
/// this keeps chrono's general parser out of the app's wasm.
pub fn parse_catalog_date(s: &str) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d);
    }
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let date = NaiveDate::from_ymd_opt(i32::try_from(num(0..4)?).ok()?, num(5..7)?, num(8..10)?)?;
    Some(utc(date.and_time(NaiveTime::MIN)))
}

/// The canonical text form used in catalog.json: RFC 3339, seconds, `Z` for UTC.
pub fn to_rfc3339(d: &DateTime<FixedOffset>) -> String {
    d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> String {
        to_rfc3339(&parse_date(s).unwrap_or_else(|| panic!("could not parse {s:?}")))
    }

    #[test]
    fn catalog_dates_are_rfc3339_or_a_bare_day() {
        let c = |s: &str| parse_catalog_date(s).map(|d| to_rfc3339(&d));
        assert_eq!(
            c("2021-04-30T21:34:00Z").as_deref(),
            Some("2021-04-30T21:34:00Z")
        );
        assert_eq!(
            c("2021-04-30T21:34:00+08:00").as_deref(),
            Some("2021-04-30T21:34:00+08:00")
        );
        assert_eq!(c(" 2021-04-30 ").as_deref(), Some("2021-04-30T00:00:00Z"));
        for bad in [
            "",
            "2021-02-30",
            "2021-4-3",
            "Fri, 30 Apr 2021 21:34:00 GMT",
            "２０２１-04-30",
            "2021-04-30T25:00:00Z",
        ] {
            assert_eq!(c(bad), None, "{bad:?}");
        }
        // Every date the CLI writes reads back the same.
        for raw in [
            "Wed, 08 Jun 2022 09:10:12 GMT",
            "2013-05-06 20:00:00 +0200",
            "2021年4月30日",
        ] {
            let d = parse_date(raw).unwrap();
            assert_eq!(parse_catalog_date(&to_rfc3339(&d)), Some(d), "{raw}");
        }
    }

    #[test]
    fn rfc2822_as_rss_writes_it() {
        assert_eq!(p("Wed, 08 Jun 2022 09:10:12 GMT"), "2022-06-08T09:10:12Z");
        assert_eq!(p("Fri, 30 Apr 2021 21:34:00 GMT"), "2021-04-30T21:34:00Z");
        assert_eq!(p("8 Jun 2022 09:10 +0800"), "2022-06-08T09:10:00+08:00");
        assert_eq!(
            p("Wed, 8 Jun 2022 09:10:12 +0800"),
            "2022-06-08T09:10:12+08:00"
        );
        assert_eq!(p("8 Jun 2022 09:10:12 UTC"), "2022-06-08T09:10:12Z");
    }

    #[test]
    fn iso_forms_with_and_without_zone() {
        assert_eq!(p("2021-04-30T21:34:00Z"), "2021-04-30T21:34:00Z");
        assert_eq!(p("2021-04-30T21:34:00+08:00"), "2021-04-30T21:34:00+08:00");
        assert_eq!(p("2021-04-30T21:34:00"), "2021-04-30T21:34:00Z");
        assert_eq!(p("2021-04-30T21:34:00.250Z"), "2021-04-30T21:34:00Z");
        assert_eq!(p("2021-04-30 21:34:00"), "2021-04-30T21:34:00Z");
        assert_eq!(p("2021-04-30 21:34"), "2021-04-30T21:34:00Z");
        assert_eq!(p("2015-09-24"), "2015-09-24T00:00:00Z");
        assert_eq!(p("2021/04/30 08:00:00"), "2021-04-30T08:00:00Z");
    }

    #[test]
    fn unpadded_and_jekyll() {
        assert_eq!(p("2021-4-3"), "2021-04-03T00:00:00Z");
        assert_eq!(p("2021-4-3 8:05:09"), "2021-04-03T08:05:09Z");
        assert_eq!(p("2013-05-06 20:00:00 +0200"), "2013-05-06T20:00:00+02:00");
        assert_eq!(p("2013-05-06 20:00:00 +02:00"), "2013-05-06T20:00:00+02:00");
        assert_eq!(p("2013-05-06 20:00:00 UTC"), "2013-05-06T20:00:00Z");
    }

    #[test]
    fn chinese_dates() {
        assert_eq!(p("2021年4月30日"), "2021-04-30T00:00:00Z");
        assert_eq!(p("2021年4月30日 21:34"), "2021-04-30T21:34:00Z");
    }

    #[test]
    fn garbage_is_none() {
        for s in [
            "",
            "yesterday",
            "2021-13-45",
            "Fri, 99 Foo 2021",
            "２０２１",
            "31/31/31",
            "2021年",
        ] {
            assert!(parse_date(s).is_none(), "{s:?} should not parse");
        }
    }
}
