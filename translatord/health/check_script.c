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
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <event2/event.h>

#include "check.h"

extern char **environ;

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

	(void)fd;
	(void)what;
	do
		got = waitpid(ch->pid, &st, WNOHANG);
	while (got < 0 && errno == EINTR);
	if (got == 0)
		return; /* still running (polling, or a spurious wake-up) */
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

	kill(-ch->pid, SIGKILL);
	while (waitpid(ch->pid, NULL, 0) < 0 && errno == EINTR)
		;
	child_free(ch);
}

static int spawn(const char *script, pid_t *pid)
{
	char *const argv[] = { "sh", "-c", (char *)script, NULL };
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
	rc = posix_spawn(pid, "/bin/sh", &fa, &at, argv, environ);
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
	rc = spawn(c->cfg.script, &pid);
	if (rc != 0) {
		free(ch);
		health_probe_done(c, HEALTH_RESULT_FAIL, "spawn /bin/sh: %s",
				  strerror(rc));
		return;
	}
	ch->pid = pid;
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
