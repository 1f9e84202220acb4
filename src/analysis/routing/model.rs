//! Field routes: what the planner is asked. Stops to visit, teams that visit them, the days
//! of the horizon and the travel costs between every base and stop.
//!
//! Units: positions WGS84 lon/lat; times in seconds, clock times in seconds since midnight of
//! the route's day (a shift may run past midnight: 8 p.m. + 6 h ends at 93,600 s, but windows
//! are on the day's clock, 0–86,400 s); priorities are plain non-negative numbers, higher first.
//! A visit must lie wholly inside one of its stop's windows (arrive early and wait is allowed):
//! a 30-minute visit in an 18:00–21:00 window begins by 20:30 at the latest.
//! Locations of the travel matrix: the teams' bases first (team `t` is location `t`), then the
//! stops (stop `s` is location `teams.len() + s`).

use chrono::Weekday;
use geo::Point;

use super::RoutingError;
use super::matrix::TravelMatrix;

/// Seconds in a day.
pub const DAY_S: f64 = 86_400.0;

/// A set of weekdays (bit 0 = Monday … bit 6 = Sunday).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DayMask(u8);

impl Default for DayMask {
    fn default() -> Self {
        DayMask::ALL
    }
}

impl DayMask {
    pub const ALL: DayMask = DayMask(0x7f);
    /// Monday to Friday.
    pub const WORKWEEK: DayMask = DayMask(0x1f);
    pub const NONE: DayMask = DayMask(0);

    pub fn from_days(days: &[Weekday]) -> Self {
        days.iter().fold(DayMask::NONE, |m, d| m.with(*d))
    }

    pub fn with(self, day: Weekday) -> Self {
        DayMask(self.0 | 1 << day.num_days_from_monday())
    }

    pub fn contains(self, day: Weekday) -> bool {
        self.0 & 1 << day.num_days_from_monday() != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The days, Monday first.
    pub fn days(self) -> Vec<Weekday> {
        (0..7u8)
            .filter_map(|i| Weekday::try_from(i).ok())
            .filter(|d| self.contains(*d))
            .collect()
    }

    /// "mon,tue", "sat;sun", "mon-fri", English or Albanian names ("hën", "e shtunë").
    pub fn parse(text: &str) -> Result<DayMask, String> {
        let mut mask = DayMask::NONE;
        for part in text
            .split([',', ';'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            let days = match part.split_once('-') {
                Some((a, b)) => {
                    let (a, b) = (parse_weekday(a), parse_weekday(b));
                    let (Some(a), Some(b)) = (a, b) else {
                        return Err(format!("'{part}' is not a range of days such as mon-fri"));
                    };
                    let (a, b) = (a.num_days_from_monday(), b.num_days_from_monday());
                    (a..=b)
                        .filter_map(|i| Weekday::try_from(i as u8).ok())
                        .collect()
                }
                None => match parse_weekday(part) {
                    Some(d) => vec![d],
                    None => return Err(format!("'{}' is not a day of the week", part.trim())),
                },
            };
            mask = days.into_iter().fold(mask, DayMask::with);
        }
        if mask.is_empty() {
            return Err("no day given".into());
        }
        Ok(mask)
    }
}

/// A weekday from English ("mon", "Monday") or Albanian ("hën", "e hënë") names: a name or a
/// prefix of it of at least 3 letters, case and diacritics ignored.
pub fn parse_weekday(text: &str) -> Option<Weekday> {
    let folded = crate::text::fold(text);
    let t = folded.strip_prefix("e ").unwrap_or(&folded).trim();
    const NAMES: [(&str, &str, Weekday); 7] = [
        ("monday", "hene", Weekday::Mon),
        ("tuesday", "marte", Weekday::Tue),
        ("wednesday", "merkure", Weekday::Wed),
        ("thursday", "enjte", Weekday::Thu),
        ("friday", "premte", Weekday::Fri),
        ("saturday", "shtune", Weekday::Sat),
        ("sunday", "diel", Weekday::Sun),
    ];
    if t.chars().count() < 3 {
        return None;
    }
    NAMES
        .iter()
        .find(|(en, sq, _)| en.starts_with(t) || sq.starts_with(t))
        .map(|(_, _, d)| *d)
}

/// "08:00" or "8:30" (or "24:00") as seconds since midnight.
pub fn parse_clock(text: &str) -> Option<f64> {
    let (h, m) = text.trim().split_once(':')?;
    let (h, m): (u32, u32) = (h.trim().parse().ok()?, m.trim().parse().ok()?);
    (h < 24 && m < 60 || h == 24 && m == 0).then_some(f64::from(h * 3600 + m * 60))
}

/// Seconds since midnight as "HH:MM" (rounded down to the minute; past midnight "25:10").
pub fn format_clock(s: f64) -> String {
    let m = (s / 60.0).floor().max(0.0) as u64;
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// When a stop may be visited: the whole visit inside `[start_s, end_s]` (since midnight).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeWindow {
    pub start_s: f64,
    pub end_s: f64,
}

impl TimeWindow {
    /// "18:00-21:00"; several separated by ';' via [`TimeWindow::parse_list`].
    pub fn parse(text: &str) -> Result<TimeWindow, String> {
        let bad = || format!("'{}' is not a time window such as 18:00-21:00", text.trim());
        let (a, b) = text.split_once('-').ok_or_else(bad)?;
        let (start_s, end_s) = (
            parse_clock(a).ok_or_else(bad)?,
            parse_clock(b).ok_or_else(bad)?,
        );
        if end_s <= start_s {
            return Err(format!(
                "time window '{}' ends before it starts",
                text.trim()
            ));
        }
        Ok(TimeWindow { start_s, end_s })
    }

    pub fn parse_list(text: &str) -> Result<Vec<TimeWindow>, String> {
        text.split(';')
            .filter(|p| !p.trim().is_empty())
            .map(TimeWindow::parse)
            .collect()
    }
}

/// A place a team should visit. `id` is the user's identifier: never a person's name.
#[derive(Debug, Clone, PartialEq)]
pub struct Stop {
    pub id: String,
    pub pos_wgs84: Point<f64>,
    /// ≥ 0; higher is served first.
    pub priority: f64,
    /// Time spent at the stop (seconds).
    pub service_s: f64,
    /// Empty: any time in the shift.
    pub windows: Vec<TimeWindow>,
    /// Weekdays the stop may be visited.
    pub days: DayMask,
    /// Only this team (index into `Problem::teams`) may visit it.
    pub pinned_team: Option<usize>,
}

impl Stop {
    /// A stop at `pos_wgs84` with priority 1, no service time, any time and day.
    pub fn new(id: impl Into<String>, pos_wgs84: Point<f64>) -> Self {
        Stop {
            id: id.into(),
            pos_wgs84,
            priority: 1.0,
            service_s: 0.0,
            windows: Vec::new(),
            days: DayMask::ALL,
            pinned_team: None,
        }
    }
}

/// A field team: leaves its base at `shift_start_s` and is back by `shift_start_s + shift_len_s`
/// (`f64::INFINITY`: no limit) on each of its working `days`.
#[derive(Debug, Clone, PartialEq)]
pub struct Team {
    pub id: String,
    pub base_wgs84: Point<f64>,
    pub shift_start_s: f64,
    pub shift_len_s: f64,
    pub days: DayMask,
}

/// The whole question: teams, stops, the horizon's days (one route per team and working day;
/// a weekday may repeat for a horizon of several weeks) and the travel costs.
#[derive(Debug, Clone)]
pub struct Problem {
    pub teams: Vec<Team>,
    pub stops: Vec<Stop>,
    pub days: Vec<Weekday>,
    /// Locations: team bases, then stops.
    pub matrix: TravelMatrix,
}

impl Problem {
    /// Matrix location of team `t`'s base.
    pub fn team_loc(&self, t: usize) -> usize {
        t
    }

    /// Matrix location of stop `s`.
    pub fn stop_loc(&self, s: usize) -> usize {
        self.teams.len() + s
    }

    /// Positions in matrix order: team bases, then stops.
    pub fn locations(teams: &[Team], stops: &[Stop]) -> Vec<Point<f64>> {
        let bases = teams.iter().map(|t| t.base_wgs84);
        bases.chain(stops.iter().map(|s| s.pos_wgs84)).collect()
    }

    /// Position of a matrix location.
    pub fn location(&self, loc: usize) -> Point<f64> {
        match loc.checked_sub(self.teams.len()) {
            Some(s) => self.stops[s].pos_wgs84,
            None => self.teams[loc].base_wgs84,
        }
    }

    /// Refuses inconsistent input (sizes, NaN, negative times, empty windows, bad pins).
    pub fn check(&self) -> Result<(), RoutingError> {
        super::validate::check_problem(self)
    }
}
