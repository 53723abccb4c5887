//! CPU clocks for the benches (included with `#[path]`): what a thread or the whole process
//! spent, beside criterion's wall time.

/// The CPU time the calling thread has used, in milliseconds (wall time where not known).
#[allow(dead_code)]
pub fn thread_ms() -> f64 {
    #[cfg(unix)]
    return clock_ms(libc::CLOCK_THREAD_CPUTIME_ID);
    #[cfg(not(unix))]
    return wall_ms();
}

/// The CPU time this process has used, all threads together, in milliseconds (wall time where
/// not known).
#[allow(dead_code)]
pub fn process_ms() -> f64 {
    #[cfg(unix)]
    return clock_ms(libc::CLOCK_PROCESS_CPUTIME_ID);
    #[cfg(not(unix))]
    return wall_ms();
}

#[cfg(unix)]
fn clock_ms(clock: libc::clockid_t) -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid timespec for the call to fill.
    if unsafe { libc::clock_gettime(clock, &mut ts) } == 0 {
        return ts.tv_sec as f64 * 1e3 + ts.tv_nsec as f64 / 1e6;
    }
    wall_ms()
}

fn wall_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1e3)
}
