/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * script check: `/bin/sh -c <script>`; exit status 0 is success. At the
 * timeout the whole process group is killed with SIGKILL (a script's own
 * children would otherwise outlive it) and the probe counts as a failure.
 *
 * Why posix_spawn and not fork(): the engine runs in a multithreaded
 * daemon, where only async-signal-safe calls are allowed between fork()
 * and exec(); posix_spawn does the same fork/exec with the process group,
 * signal mask and descriptors set up inside libc (vfork-fast), and
 * reports an exec failure to us instead of exiting 127 in the child.
 *
 * Why a pidfd and not SIGCHLD: signals are process-wide and FRR blocks
 * them in its pthreads. A pidfd is readable when the child exits, so the
 * event loop waits for it like for a socket, then waitpid() reaps it
 * (without pidfd_open, a 10 ms waitpid() poll, see watch_child()).
 * A child killed at the timeout may not be reaped yet when the probe
 * ends: it becomes an engine orphan, reaped when its pidfd fires, or at
 * health_engine_free() at the latest. No zombie is left behind.
 *
 * Nothing a script starts outlives its probe. Its process group is killed
 * when it exits, not only at the timeout (`sleep 30 &` and exit 0 would
 * otherwise leak one process per probe). A child that left the group
 * (setsid) is caught another way: the process is a child subreaper
 * (PR_SET_CHILD_SUBREAPER), so every orphaned descendant of a script
 * becomes our child, and each probe's end kills and reaps every child of
 * ours that is not a running script's shell.
 *
 * Scripts get a minimal environment (script_env_base), not the daemon's, and
 * their output goes to /dev/null: nothing they print is read or kept.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <pthread.h>
#include <sys/pidfd.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <event2/event.h>

#include "check.h"

/* What a script sees of the environment: a fixed PATH and locale, and
 * the check it runs for (documented in health/README.md). */
static char *const script_env_base[] = {
	"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
	"LANG=C.UTF-8",
	"HOME=/",
};

/* The shells of running scripts, across engines (the subreaper is
 * process-wide): the sweep spares them. */
#define LIVE_MAX 256
static pthread_mutex_t live_lock = PTHREAD_MUTEX_INITIALIZER;
static pid_t live[LIVE_MAX];

static void live_set(pid_t pid, bool on)
{
	pthread_mutex_lock(&live_lock);
	for (int i = 0; i < LIVE_MAX; i++)
		if (live[i] == (on ? 0 : pid)) {
			live[i] = on ? pid : 0;
			break;
		}
	pthread_mutex_unlock(&live_lock);
}

static bool is_live(pid_t pid)
{
	bool found = false;

	pthread_mutex_lock(&live_lock);
	for (int i = 0; i < LIVE_MAX && !found; i++)
		found = live[i] == pid;
	pthread_mutex_unlock(&live_lock);
	return found;
}

/* Parent pid and process group of pid from /proc (0 when gone). */
static pid_t parent_of(pid_t pid, pid_t *pgrp)
{
	char path[64], buf[512], *p;
	FILE *f;
	size_t n;
	int ppid = 0, pg = 0;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')'); /* the command name may hold anything */
	if (!p || sscanf(p + 1, " %*c %d %d", &ppid, &pg) != 2)
		return 0;
	*pgrp = pg;
	return ppid;
}

/*
 * Kill and reap every child of ours that is not a running script's shell
 * and not in our own process group: what scripts left behind, reparented
 * to us (scripts run in groups of their own, or left them with setsid;
 * children the process made otherwise, system() say, stay in its group).
 * Killing one can orphan its own children, so repeat a few rounds.
 * Non-blocking: a child not dead yet is reaped by a later sweep.
 */
static void sweep_leftovers(void)
{
	pid_t self = getpid(), own_group = getpgrp(), pg = 0;

	for (int round = 0; round < 4; round++) {
		DIR *d = opendir("/proc");
		struct dirent *de;
		int found = 0;

		if (!d)
			return;
		while ((de = readdir(d))) {
			pid_t pid = (pid_t)atoi(de->d_name);

			if (pid <= 0 || parent_of(pid, &pg) != self ||
			    pg == own_group || is_live(pid))
				continue;
			kill(pid, SIGKILL);
			(void)waitpid(pid, NULL, WNOHANG);
			found++;
		}
		closedir(d);
		if (!found)
			return;
		usleep(1000); /* let the killed ones die and orphan theirs */
	}
}

static void set_subreaper(void)
{
	(void)prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
}

/* Once per process: orphaned descendants of scripts become ours. */
static void become_subreaper(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, set_subreaper);
}

/* The script's process group, then the leftovers. The shell must not be
 * reaped yet: as a zombie it keeps its pid, so the group id cannot have
 * been reused by anyone else. */
static void end_group(pid_t pid)
{
	kill(-pid, SIGKILL);
}

struct script_child {
	struct health_orphan orphan; /* used once detached from its check */
	struct health_check *owner;  /* NULL once detached */
	pid_t pid;                   /* also the process group id */
	int pidfd;
	struct event *ev;
};

static void child_free(struct script_child *ch)
{
	if (ch->ev)
		event_free(ch->ev);
	if (ch->pidfd >= 0)
		close(ch->pidfd);
	free(ch);
}

static void status_text(int st, char *buf, size_t len,
			enum health_result *r)
{
	if (WIFEXITED(st)) {
		*r = WEXITSTATUS(st) == 0 ? HEALTH_RESULT_OK
					  : HEALTH_RESULT_FAIL;
		snprintf(buf, len, "exit status %d", WEXITSTATUS(st));
	} else if (WIFSIGNALED(st)) {
		*r = HEALTH_RESULT_FAIL;
		snprintf(buf, len, "killed by signal %d", WTERMSIG(st));
	} else {
		*r = HEALTH_RESULT_FAIL;
		snprintf(buf, len, "wait status 0x%x", (unsigned)st);
	}
}

static void child_exited(evutil_socket_t fd, short what, void *arg)
{
	struct script_child *ch = arg;
	struct health_check *c = ch->owner;
	char detail[HEALTH_REASON_MAX];
	enum health_result r = HEALTH_RESULT_FAIL;
	int st = 0;
	pid_t got;

	siginfo_t si = {0};

	(void)fd;
	(void)what;
	/* Exited? Look without reaping, so that its group can be killed
	 * while its pid is still held. */
	if (waitid(P_PID, (id_t)ch->pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 &&
	    si.si_pid == 0)
		return; /* still running (polling, or a spurious wake-up) */
	end_group(ch->pid);
	do
		got = waitpid(ch->pid, &st, WNOHANG);
	while (got < 0 && errno == EINTR);
	if (got == 0)
		return;
	live_set(ch->pid, false);
	sweep_leftovers();
	if (!c) { /* killed at a timeout earlier: just reaped now */
		health_orphan_del(&ch->orphan);
		child_free(ch);
		return;
	}
	c->probe = NULL;
	if (got < 0)
		snprintf(detail, sizeof(detail), "waitpid: %s", strerror(errno));
	else
		status_text(st, detail, sizeof(detail), &r);
	child_free(ch);
	health_probe_done(c, r, "%s", detail);
}

/* Where pidfd_open() is missing (kernels before 5.3, seccomp filters,
 * valgrind), poll waitpid() instead: still no SIGCHLD, at the cost of up
 * to POLL_MS of extra latency on each script's end. */
#define POLL_MS 10

static struct event *watch_child(struct health_check *c,
				 struct script_child *ch)
{
	static const struct timeval poll_tv = { 0, POLL_MS * 1000 };
	struct event *ev;

	ch->pidfd = pidfd_open(ch->pid, 0);
	if (ch->pidfd >= 0) {
		ev = event_new(health_check_base(c), ch->pidfd,
			       EV_READ | EV_PERSIST, child_exited, ch);
		if (ev && event_add(ev, NULL) != 0) {
			event_free(ev);
			ev = NULL;
		}
		return ev;
	}
	if (errno != ENOSYS && errno != EPERM)
		return NULL;
	ev = event_new(health_check_base(c), -1, EV_PERSIST, child_exited, ch);
	if (ev && event_add(ev, &poll_tv) != 0) {
		event_free(ev);
		ev = NULL;
	}
	return ev;
}

/* Engine shutdown: make sure it is dead, then reap it (blocking is fine:
 * after SIGKILL the exit is immediate). */
static void child_finish(struct health_orphan *o)
{
	struct script_child *ch = (struct script_child *)o;

	end_group(ch->pid);
	while (waitpid(ch->pid, NULL, 0) < 0 && errno == EINTR)
		;
	live_set(ch->pid, false);
	sweep_leftovers();
	child_free(ch);
}

static int spawn(const char *script, const char *check, pid_t *pid)
{
	char *const argv[] = { "sh", "-c", (char *)script, NULL };
	char name[HEALTH_NAME_MAX + 32];
	char *envp[] = { script_env_base[0], script_env_base[1],
			 script_env_base[2], name, NULL };
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none, all;
	int rc;

	sigemptyset(&none);
	sigfillset(&all);
	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&at);
	/* Its own process group (pgid = pid), so a timeout kills the script
	 * and everything it started. Signals as a fresh process expects:
	 * the daemon's threads block them and may have handlers. */
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP |
				      POSIX_SPAWN_SETSIGMASK |
				      POSIX_SPAWN_SETSIGDEF);
	posix_spawnattr_setpgroup(&at, 0);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &all);
	/* No inherited descriptors: the daemon's sockets must not leak into
	 * scripts, and a script holding our stdout must not block anyone. */
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	posix_spawn_file_actions_addclosefrom_np(&fa, 3);
	snprintf(name, sizeof(name), "TRANSLATORD_CHECK=%s", check);
	rc = posix_spawn(pid, "/bin/sh", &fa, &at, argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	return rc;
}

static void script_start(struct health_check *c)
{
	struct script_child *ch;
	pid_t pid;
	int rc;

	ch = calloc(1, sizeof(*ch));
	if (!ch) {
		health_probe_done(c, HEALTH_RESULT_FAIL, "out of memory");
		return;
	}
	ch->pidfd = -1;
	become_subreaper();
	rc = spawn(c->cfg.script, c->cfg.name, &pid);
	if (rc != 0) {
		free(ch);
		health_probe_done(c, HEALTH_RESULT_FAIL, "spawn /bin/sh: %s",
				  strerror(rc));
		return;
	}
	ch->pid = pid;
	live_set(pid, true);
	ch->owner = c;
	ch->orphan.finish = child_finish;
	ch->ev = watch_child(c, ch);
	if (!ch->ev) {
		int err = errno;

		/* Cannot watch it: do not leave it running unwatched. */
		child_finish(&ch->orphan);
		health_probe_done(c, HEALTH_RESULT_FAIL,
				  "cannot watch the script's process: %s",
				  strerror(err));
		return;
	}
	c->probe = ch;
}

static void script_cancel(struct health_check *c, char *detail, size_t len)
{
	struct script_child *ch = c->probe;

	if (!ch)
		return;
	c->probe = NULL;
	if (kill(-ch->pid, SIGKILL) == 0)
		snprintf(detail, len, "process group %d killed with SIGKILL",
			 (int)ch->pid);
	else
		snprintf(detail, len, "kill process group %d: %s",
			 (int)ch->pid, strerror(errno));
	/* Reaped when its pidfd fires (it is dying now). */
	ch->owner = NULL;
	health_orphan_add(c->eng, &ch->orphan);
}

const struct health_check_ops health_check_script_ops = {
	.start = script_start,
	.cancel = script_cancel,
};
