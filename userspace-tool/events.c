// SPDX-License-Identifier: GPL-2.0
/*
 * wasmk events PROG [count N] [layout SPEC]: follow a program's event
 * stream (records its handler writes with wasmk_emit()), one line per
 * record, or one JSON object per line with -j.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/wasmk.h>

#include "layout.h"
#include "wasmk.h"

static void events_help(void)
{
	printf("Usage: wasmk events PROG [count N] [layout SPEC]\n"
	       "\n"
	       "Print the records PROG's handler emits (wasmk_emit()), as they come:\n"
	       "  cpu=C t=SECONDS (CLOCK_MONOTONIC) then the payload, as len=N data=HEX\n"
	       "  or decoded by a layout; with -j one JSON object per line.\n"
	       "count N      exit after N records (default: until Ctrl-C, or the\n"
	       "             program is unloaded)\n"
	       "layout SPEC  comma-separated TYPE:NAME fields, packed, in order:\n"
	       "             u8 u16 u32 u64 i8 i16 i32 i64 (little-endian), be16 be32\n"
	       "             (network order), ipv4, ipv6, strN (N bytes, up to a NUL),\n"
	       "             hexN\n"
	       "             e.g. layout u32:pid,u64:bytes,str16:comm\n"
	       "             (default: the layout the handler declares with\n"
	       "             WASMK_EVENT_LAYOUT(), shown by 'prog show'; else hex)\n"
	       "At exit, the records read and the drops (records emit() could not\n"
	       "store: ring full or busy) are reported on stderr.  One reader per\n"
	       "program at a time.  PROG is an ID or 'name NAME'.\n");
}

static struct layout lay;

static char *hex(const unsigned char *p, unsigned int n)
{
	char *s = malloc(2 * n + 1);
	unsigned int i;

	if (!s)
		exit(EXIT_ERR);
	for (i = 0; i < n; i++)
		sprintf(s + 2 * i, "%02x", p[i]);
	s[2 * n] = 0;
	return s;
}

static void print_record(const struct wasmk_event *e, const unsigned char *data)
{
	unsigned int off;
	char *h;

	if (cli.json) {
		json_begin_obj(NULL);
		json_u64("cpu", e->cpu);
		json_u64("time_ns", e->time_ns);
		json_u64("len", e->len);
	} else {
		printf("cpu=%u t=%llu.%09llu", e->cpu, (unsigned long long)e->time_ns / 1000000000,
		       (unsigned long long)e->time_ns % 1000000000);
	}
	if (!lay.n) {
		h = hex(data, e->len);
		if (cli.json)
			json_str("data", h);
		else
			printf(" len=%u data=%s", e->len, h);
		free(h);
	}
	off = layout_print(&lay, data, e->len);
	if (lay.n && off < lay.size) {
		/* a short record: the fields it lacks are left out */
		if (cli.json)
			json_bool("short", true);
		else
			printf(" short-record");
	}
	if (lay.n && off == lay.size && off < e->len) {
		h = hex(data + off, e->len - off);
		if (cli.json)
			json_str("rest", h);
		else
			printf(" rest=%s", h);
		free(h);
	}
	if (cli.json) {
		json_end_obj();
		json_done();
	} else {
		printf("\n");
		fflush(stdout);
	}
}

static int follow(int efd, unsigned long long count, unsigned long long *got)
{
	static unsigned char buf[64 * 1024] __attribute__((aligned(8)));
	struct pollfd pfd = { .fd = efd, .events = POLLIN };
	sigset_t block, orig;
	ssize_t n;
	size_t off;

	catch_stop_signals();	/* ppoll returns EINTR */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	/* Signals arrive only inside ppoll(): no lost wake-up. */
	sigprocmask(SIG_BLOCK, &block, &orig);
	fcntl(efd, F_SETFL, fcntl(efd, F_GETFL) | O_NONBLOCK);
	while (!stop_signal && (!count || *got < count)) {
		n = read(efd, buf, sizeof(buf));
		if (n == 0)
			return 1;	/* the program was unloaded */
		if (n < 0) {
			if (errno == EAGAIN) {
				if (ppoll(&pfd, 1, NULL, &orig) < 0 && errno != EINTR) {
					err("poll: %s", strerror(errno));
					return -1;
				}
				continue;
			}
			if (errno == EINTR)
				continue;
			err("read events: %s", strerror(errno));
			return -1;
		}
		for (off = 0; off + sizeof(struct wasmk_event) <= (size_t)n;) {
			const struct wasmk_event *e = (const void *)(buf + off);

			if (count && *got >= count)
				break;	/* the rest of this batch is discarded */
			print_record(e, buf + off + sizeof(*e));
			(*got)++;
			off += sizeof(*e) + ((e->len + WASMK_EVENT_ALIGN - 1) &
					     ~(WASMK_EVENT_ALIGN - 1));
		}
	}
	return 0;
}

int cmd_events(int argc, char **argv)
{
	struct wasmk_events_stats st;
	struct wasmk_events_open o;
	struct wasmk_prog_info info;
	unsigned long long count = 0, got = 0;
	unsigned int c32;
	int fd, efd, used, i, r;

	if (argc < 1)
		return missing_args("events");
	if (!strcmp(argv[0], "help")) {
		events_help();
		return EXIT_OK;
	}
	fd = dev_open();
	if (fd < 0)
		return EXIT_ERR;
	used = prog_lookup(fd, argc, argv, &info);
	if (used <= 0) {
		close(fd);
		return used < 0 ? EXIT_USAGE : EXIT_ERR;
	}
	for (i = used; i < argc; i += 2) {
		if (i + 1 >= argc) {
			close(fd);
			return usage_err("events", "'%s' needs a value", argv[i]);
		}
		if (!strcmp(argv[i], "count") && parse_u32(argv[i + 1], &c32) && c32) {
			count = c32;
		} else if (!strcmp(argv[i], "layout")) {
			if (layout_parse(&lay, argv[i + 1], "events")) {
				close(fd);
				return EXIT_USAGE;
			}
		} else {
			close(fd);
			return usage_err("events", "unexpected argument '%s'", argv[i]);
		}
	}
	/* The handler's own WASMK_EVENT_LAYOUT(), unless one was given. */
	if (!lay.n && info.event_layout[0] &&
	    memchr(info.event_layout, 0, sizeof(info.event_layout)) &&
	    layout_parse(&lay, info.event_layout, "events")) {
		close(fd);
		err("program %u (%s) declares a layout this tool can't read: %s",
		    info.prog_id, info.name, info.event_layout);
		return EXIT_ERR;
	}
	memset(&o, 0, sizeof(o));
	o.size = sizeof(o);
	o.prog_id = info.prog_id;
	efd = ioctl(fd, WASMK_IOC_EVENTS_OPEN, &o);
	close(fd);
	if (efd < 0) {
		if (errno == ENODATA)
			err("program %u (%s) emits no events: it does not import wasmk.emit",
			    info.prog_id, info.name);
		else if (errno == EBUSY)
			err("program %u (%s): another reader has its events open",
			    info.prog_id, info.name);
		else
			ioctl_err(errno, "events");
		return EXIT_ERR;
	}
	r = follow(efd, count, &got);
	memset(&st, 0, sizeof(st));
	st.size = sizeof(st);
	if (ioctl_raw(efd, WASMK_IOC_EVENTS_STATS, &st) == 0)
		fprintf(stderr, "wasmk: %llu records read%s; %llu dropped since load "
			"(%llu emitted, ring %u bytes)\n", got,
			r == 1 ? ", the program was unloaded" : "",
			(unsigned long long)st.dropped, (unsigned long long)st.emitted,
			st.ring_size);
	close(efd);
	return r < 0 ? EXIT_ERR : EXIT_OK;
}
