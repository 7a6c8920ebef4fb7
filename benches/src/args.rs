//! Command-line options of the driver (std only: a handful of flags).

use std::time::Duration;

pub const USAGE: &str = "\
usage: twain-bench [--smoke] [--runs N] [--duration SECS] [--only CASES]

  --smoke          ~1 s of load per case, 1 run: checks the harness still works
                   (exits non-zero only when a server or wrk is broken)
  --runs N         runs per figure; each figure is the median with min-max (default 9)
  --duration SECS  seconds of load per run (default 3)
  --only CASES     comma-separated subset of: async,sync,mixed,isolation,memory,db,soak,tfb,metrics,handoff,channels

Needs `wrk` on PATH (Debian/Ubuntu: apt-get install -y wrk).";

/// What the user asked for.
#[derive(Debug, Clone)]
pub struct Options {
    pub smoke: bool,
    pub runs: usize,
    pub duration: Duration,
    pub only: Option<Vec<String>>,
    pub help: bool,
}

impl Options {
    pub fn parse(argv: &[String]) -> Result<Options, String> {
        let mut options = Options {
            smoke: false,
            runs: 9,
            duration: Duration::from_secs(3),
            only: None,
            help: false,
        };
        let mut runs = None;
        let mut duration = None;
        let mut iter = argv.iter();
        while let Some(arg) = iter.next() {
            match arg.as_str() {
                "--smoke" => options.smoke = true,
                "-h" | "--help" => options.help = true,
                "--runs" => runs = Some(number(iter.next(), "--runs")?),
                "--duration" => duration = Some(number(iter.next(), "--duration")?),
                "--only" => {
                    let list = iter.next().ok_or("--only needs a value")?;
                    options.only = Some(list.split(',').map(str::to_owned).collect());
                }
                other => return Err(format!("unknown argument `{other}`")),
            }
        }
        if options.smoke {
            options.runs = 1;
            options.duration = Duration::from_secs(1);
        }
        if let Some(runs) = runs {
            options.runs = runs.max(1) as usize;
        }
        if let Some(secs) = duration {
            options.duration = Duration::from_secs(secs.clamp(1, 600));
        }
        Ok(options)
    }

    /// Whether `case` was selected (all are, unless `--only` says otherwise).
    pub fn wants(&self, case: &str) -> bool {
        self.only
            .as_ref()
            .is_none_or(|only| only.iter().any(|name| name == case))
    }
}

fn number(value: Option<&String>, flag: &str) -> Result<u64, String> {
    value
        .ok_or(format!("{flag} needs a value"))?
        .parse()
        .map_err(|_| format!("{flag} needs a whole number"))
}
