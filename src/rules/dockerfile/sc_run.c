/* sc_run.c — one ShellCheck process on a batch of scripts (see sc_run.h). */
#include "sc_run.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* How often the child's CPU time is looked at. */
#define TICK_MS 200
/* Past the limit, a child that was neither on the CPU nor waiting for
 * one for most of the last STALL_WINDOW_MS is stalled (asleep, blocked,
 * stopped), not slow. Where the time spent waiting for a CPU is not
 * known, a child that used less than STALL_CPU_MS of CPU in the window. */
#define STALL_WINDOW_MS 1000
#define STALL_BUSY_PERCENT 25
#define STALL_CPU_MS 20
/* Wall time never exceeds this many limits, whatever the CPU says. */
#define WALL_LIMITS 10

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

#ifdef __linux__
/* /proc/PID/NAME of the child into buf (NUL-terminated); -1 when absent. */
static int read_proc(pid_t pid, const char *name, char *buf, size_t size)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%ld/%s", (long)pid, name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, buf, size - 1);
    close(fd);
    if (n <= 0)
        return -1;
    buf[n] = '\0';
    return 0;
}
#endif

/* CPU time (user + system, ms) the running child `pid` used so far; -1
 * when the system does not say. */
static long long child_cpu_ms(pid_t pid)
{
#ifdef __linux__
    char buf[1024];
    if (read_proc(pid, "stat", buf, sizeof buf) < 0)
        return -1;
    /* "pid (comm) state ppid ...": utime, stime, cutime and cstime (its
     * children it waited for: a wrapper script's commands) are fields 14
     * to 17; comm may hold spaces and parentheses, so count from the last
     * ')' */
    const char *p = strrchr(buf, ')');
    for (int k = 0; p && k < 12; k++)
        p = strchr(p + 1, ' ');
    unsigned long long ut, st, cut, cst;
    if (!p || sscanf(p, " %llu %llu %llu %llu", &ut, &st, &cut, &cst) != 4)
        return -1;
    long hz = sysconf(_SC_CLK_TCK);
    return hz > 0 ? (long long)((ut + st + cut + cst) * 1000 / (unsigned long long)hz) : -1;
#else
    (void)pid;
    return -1;
#endif
}

/* Time (ms) the child spent on a CPU or waiting in a run queue for one;
 * -1 when the system does not say (Linux schedstat). */
static long long child_busy_ms(pid_t pid)
{
#ifdef __linux__
    char buf[256];
    if (read_proc(pid, "schedstat", buf, sizeof buf) < 0)
        return -1;
    unsigned long long run_ns, wait_ns;
    if (sscanf(buf, "%llu %llu", &run_ns, &wait_ns) != 2)
        return -1;
    return (long long)((run_ns + wait_ns) / 1000000);
#else
    (void)pid;
    return -1;
#endif
}

/* An unnamed file holding `len` bytes of `text`, positioned at its start,
 * at a descriptor >= `min_fd` (so that moving the inputs to 3, 4, ... in
 * the child cannot overwrite one another). Regular files, not pipes: the
 * child reading them late or not at all cannot block or signal us. */
static int memory_file(const char *text, size_t len, int min_fd)
{
    int fd = -1;
#ifdef __linux__
    fd = memfd_create("plimsoll-run", MFD_CLOEXEC);
#endif
    if (fd < 0) {
        char path[] = "/tmp/plimsoll-run-XXXXXX";
        fd = mkostemp(path, O_CLOEXEC);
        if (fd < 0)
            return -1;
        unlink(path);
    }
    for (size_t off = 0; off < len;) {
        ssize_t w = write(fd, text + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            close(fd);
            return -1;
        }
        off += (size_t)w;
    }
    if (lseek(fd, 0, SEEK_SET) != 0) {
        close(fd);
        return -1;
    }
    if (fd < min_fd) {
        int moved = fcntl(fd, F_DUPFD_CLOEXEC, min_fd);
        close(fd);
        fd = moved;
    }
    return fd;
}

static pid_t spawn(pl_arena *a, const char *exe, const char *const *args, const char *const *texts,
                   const size_t *lens, int n, int *out_fd)
{
    int nargs = 0;
    while (args && args[nargs])
        nargs++;
    int *fds = PL_NEW_N(a, int, n > 0 ? n : 1);
    int outp[2] = {-1, -1}, ok = pipe2(outp, O_CLOEXEC) == 0;
    for (int i = 0; i < n; i++)
        fds[i] = ok ? memory_file(texts[i], lens[i], 3 + n) : -1;
    for (int i = 0; i < n; i++)
        ok = ok && fds[i] >= 0;
    pid_t pid = -1;
    if (ok) {
        char **argv = PL_NEW_N(a, char *, nargs + n + 2);
        argv[0] = (char *)exe;
        for (int i = 0; i < nargs; i++)
            argv[1 + i] = (char *)args[i];
        for (int i = 0; i < n; i++)
            argv[1 + nargs + i] = pl_arena_printf(a, "/dev/fd/%d", 3 + i);
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_adddup2(&fa, outp[1], 1);
        posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
        for (int i = 0; i < n; i++)
            posix_spawn_file_actions_adddup2(&fa, fds[i], 3 + i);
        ok = posix_spawn(&pid, exe, &fa, NULL, argv, environ) == 0;
        posix_spawn_file_actions_destroy(&fa);
    }
    for (int i = 0; i < n; i++)
        if (fds[i] >= 0)
            close(fds[i]);
    if (outp[1] >= 0)
        close(outp[1]);
    if (!ok) {
        if (outp[0] >= 0)
            close(outp[0]);
        return -1;
    }
    *out_fd = outp[0];
    return pid;
}

sc_outcome pl_sc_run(pl_arena *a, const char *exe, const char *const *args,
                     const char *const *texts, const size_t *lens, int n, long limit_ms,
                     size_t max_out, pl_strbuf *out)
{
    sc_outcome r = {SC_NOT_RUN, 0, 0, 0};
    int fd = -1;
    long long t0 = now_ms();
    pid_t pid = spawn(a, exe, args, texts, lens, n, &fd);
    if (pid < 0)
        return r;
    long long next_tick = t0 + TICK_MS, window_t = t0, window_cpu = 0, window_busy = 0;
    int reading = 1, timed_out = 0;
    char buf[16384];
    while (reading) {
        long long now = now_ms();
        if (now >= next_tick) {
            next_tick = now + TICK_MS;
            long long wall = now - t0, cpu = child_cpu_ms(pid);
            if (cpu < 0 ? wall >= limit_ms : cpu >= limit_ms) {
                timed_out = 1;
                r.over_cpu = cpu >= 0;
                break;
            }
            if (wall >= (long long)limit_ms * WALL_LIMITS) {
                timed_out = 1;
                break;
            }
            if (cpu >= 0 && now - window_t >= STALL_WINDOW_MS) {
                long long busy = child_busy_ms(pid);
                int stalled = busy >= 0
                                  ? (busy - window_busy) * 100 < (now - window_t) * STALL_BUSY_PERCENT
                                  : cpu - window_cpu < STALL_CPU_MS;
                if (wall >= limit_ms && stalled) {
                    timed_out = 1;
                    break;
                }
                window_t = now;
                window_cpu = cpu;
                window_busy = busy;
            }
        }
        struct pollfd pf = {fd, POLLIN, 0};
        int np = poll(&pf, 1, (int)(next_tick - now > 0 ? next_tick - now : 0));
        if (np < 0 && errno != EINTR)
            break;
        if (np <= 0)
            continue;
        ssize_t got = read(fd, buf, sizeof buf);
        if (got > 0 && out->len + (size_t)got <= max_out)
            pl_sb_append(out, buf, (size_t)got);
        else if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR))
            reading = 0;
    }
    close(fd);
    if (timed_out || reading)
        kill(pid, SIGKILL);
    int status = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    while (wait4(pid, &status, 0, &ru) < 0 && errno == EINTR)
        ;
    r.cpu_ms = (long long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000 +
               (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000;
    r.wall_ms = now_ms() - t0;
    if (timed_out) {
        r.status = SC_TIMED_OUT;
        return r;
    }
    /* 127: exec failed in the child; 2-4: ShellCheck refused its input or options */
    r.status = out->len == 0 && WIFEXITED(status) && WEXITSTATUS(status) >= 2 ? SC_NOT_RUN : SC_RAN;
    return r;
}
