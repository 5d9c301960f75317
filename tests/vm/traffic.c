// SPDX-License-Identifier: GPL-2.0
/*
 * wasmk-traffic: real traffic for the VM tests (busybox has no reliable
 * UDP sender).
 *   wasmk-traffic udp ADDR PORT N        send N datagrams
 *   wasmk-traffic udp-from ADDR PORT N SRC K
 *                                        send N datagrams from each of K
 *                                        IPv4 sources SRC, SRC+1, ... (bound
 *                                        with IP_FREEBIND and IP_TRANSPARENT,
 *                                        root only: need not be local)
 *   wasmk-traffic tcp ADDR PORT N        connect, send N bytes, close
 *   wasmk-traffic tcp-server PORT        accept one connection (IPv4 or
 *                                        IPv6), read to EOF, print bytes
 *   wasmk-traffic udp-recv PORT SECS     count the datagrams that arrive
 *                                        (IPv4 or IPv6) until SIGTERM (or
 *                                        SECS seconds in all); print the count
 *   wasmk-traffic udp-echo ADDR PORT N   send N numbered datagrams from one
 *                                        socket connected to ADDR PORT, print
 *                                        how many came back intact from there
 *   wasmk-traffic udp-echo-server PORT   answer each datagram with itself
 *                                        (IPv4 or IPv6), until killed
 *   wasmk-traffic tcp-conns ADDR PORT N  N connections one after another, each
 *                                        reading one line; print each line's
 *                                        count ("b1 30"), and "failed K"
 *   wasmk-traffic tcp-name-server PORT NAME
 *                                        write NAME and a newline to every
 *                                        connection, until killed
 *   wasmk-traffic tx-csum DEV on|off     the device's transmit checksum
 *                                        offload (ethtool -K DEV tx on|off)
 * ADDR is numeric IPv4 or IPv6.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <linux/sockios.h>

/* <linux/ethtool.h>'s, which wants <limits.h> (shadowed here by the engine's limits.h) */
#define ETHTOOL_STXCSUM	0x00000017
struct ethtool_value {
	unsigned int cmd, data;
};

static int addr(const char *a, int port, struct sockaddr_storage *ss, socklen_t *len)
{
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, a, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		*len = sizeof(*s4);
		return AF_INET;
	}
	if (inet_pton(AF_INET6, a, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		*len = sizeof(*s6);
		return AF_INET6;
	}
	fprintf(stderr, "bad address %s\n", a);
	exit(2);
}

/* A socket bound to PORT on every IPv4 and IPv6 address. */
static int listen6(int type, int port)
{
	struct sockaddr_in6 s6 = { .sin6_family = AF_INET6, .sin6_port = htons(port) };
	int one = 1, fd = socket(AF_INET6, type, 0);

	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&s6, sizeof(s6)) ||
	    (type == SOCK_STREAM && listen(fd, 64))) {
		perror("bind/listen");
		exit(1);
	}
	printf("listening\n");
	fflush(stdout);
	return fd;
}

/* N numbered datagrams to ADDR PORT, one at a time; the ones echoed back intact. */
static int udp_echo(const char *a, int port, int n)
{
	struct sockaddr_storage ss;
	struct timeval tv = { .tv_usec = 500000 };
	char out[64], in[64];
	int fd, i, k, back = 0;
	socklen_t len;

	fd = socket(addr(a, port, &ss, &len), SOCK_DGRAM, 0);
	if (connect(fd, (struct sockaddr *)&ss, len)) {
		perror("connect");
		return 1;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	for (i = 0; i < n; i++) {
		k = snprintf(out, sizeof(out), "wasmk echo %d", i);
		if (send(fd, out, k, 0) != k) {
			perror("send");
			continue;
		}
		/* the answer, or a timeout; a stale answer to an earlier one is skipped */
		while (recv(fd, in, sizeof(in), 0) == k) {
			if (!memcmp(in, out, k)) {
				back++;
				break;
			}
		}
	}
	printf("%d\n", back);
	return 0;
}

static int tcp_conns(const char *a, int port, int n)
{
	struct { char name[32]; int count; } seen[16];
	int i, j, nseen = 0, failed = 0;

	for (i = 0; i < n; i++) {
		struct sockaddr_storage ss;
		struct timeval tv = { .tv_sec = 3 };
		char line[32] = "";
		socklen_t len;
		int fd, k;

		fd = socket(addr(a, port, &ss, &len), SOCK_STREAM, 0);
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		if (connect(fd, (struct sockaddr *)&ss, len) ||
		    (k = read(fd, line, sizeof(line) - 1)) <= 0 || !strchr(line, '\n')) {
			failed++;
			close(fd);
			continue;
		}
		close(fd);
		*strchr(line, '\n') = 0;
		for (j = 0; j < nseen && strcmp(seen[j].name, line); j++)
			;
		if (j == nseen && nseen < 16) {
			snprintf(seen[j].name, sizeof(seen[j].name), "%s", line);
			seen[j].count = 0;
			nseen++;
		}
		if (j < nseen)
			seen[j].count++;
	}
	for (j = 0; j < nseen; j++)
		printf("%s %d\n", seen[j].name, seen[j].count);
	printf("failed %d\n", failed);
	return 0;
}

static int tx_csum(const char *dev, int on)
{
	struct ethtool_value ev = { .cmd = ETHTOOL_STXCSUM, .data = on };
	struct ifreq ifr = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", dev);
	ifr.ifr_data = (void *)&ev;
	if (ioctl(fd, SIOCETHTOOL, &ifr)) {
		perror("SIOCETHTOOL");
		return 1;
	}
	return 0;
}

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	stop = 1;
}

int main(int argc, char **argv)
{
	struct sockaddr_storage ss;
	socklen_t len;
	char buf[4096];
	long total = 0;
	int fd, c, i, n;

	if (argc == 5 && !strcmp(argv[1], "udp")) {
		fd = socket(addr(argv[2], atoi(argv[3]), &ss, &len), SOCK_DGRAM, 0);
		n = atoi(argv[4]);
		for (i = 0; i < n; i++)
			if (sendto(fd, "x", 1, 0, (struct sockaddr *)&ss, len) != 1)
				perror("sendto");
		return 0;
	}
	if (argc == 7 && !strcmp(argv[1], "udp-from")) {
		struct sockaddr_in src = { .sin_family = AF_INET };
		unsigned int base, k, nsrc = atoi(argv[6]);
		int one = 1;

		if (addr(argv[2], atoi(argv[3]), &ss, &len) != AF_INET ||
		    inet_pton(AF_INET, argv[5], &src.sin_addr) != 1) {
			fprintf(stderr, "udp-from: IPv4 addresses only\n");
			return 2;
		}
		base = ntohl(src.sin_addr.s_addr);
		n = atoi(argv[4]);
		for (k = 0; k < nsrc; k++) {
			fd = socket(AF_INET, SOCK_DGRAM, 0);
			src.sin_addr.s_addr = htonl(base + k);
			if (setsockopt(fd, IPPROTO_IP, IP_FREEBIND, &one, sizeof(one)) ||
			    setsockopt(fd, IPPROTO_IP, IP_TRANSPARENT, &one, sizeof(one)) ||
			    bind(fd, (struct sockaddr *)&src, sizeof(src))) {
				perror("udp-from: bind");
				return 1;
			}
			for (i = 0; i < n; i++)
				if (sendto(fd, "x", 1, 0, (struct sockaddr *)&ss, len) != 1)
					perror("sendto");
			close(fd);
		}
		return 0;
	}
	if (argc == 5 && !strcmp(argv[1], "tcp")) {
		fd = socket(addr(argv[2], atoi(argv[3]), &ss, &len), SOCK_STREAM, 0);
		if (connect(fd, (struct sockaddr *)&ss, len)) {
			perror("connect");
			return 1;
		}
		n = atoi(argv[4]);
		memset(buf, 'x', sizeof(buf));
		while (n > 0) {
			int k = write(fd, buf, n > (int)sizeof(buf) ? (int)sizeof(buf) : n);

			if (k <= 0)
				return 1;
			n -= k;
		}
		close(fd);
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "tcp-server")) {
		struct sockaddr_in6 s6 = { .sin6_family = AF_INET6, .sin6_port = htons(atoi(argv[2])) };
		int one = 1;

		fd = socket(AF_INET6, SOCK_STREAM, 0);
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(fd, (struct sockaddr *)&s6, sizeof(s6)) || listen(fd, 1)) {
			perror("bind/listen");
			return 1;
		}
		printf("listening\n");
		fflush(stdout);
		c = accept(fd, NULL, NULL);
		while ((n = read(c, buf, sizeof(buf))) > 0)
			total += n;
		printf("%ld\n", total);
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "udp-recv")) {
		struct sockaddr_in6 s6 = { .sin6_family = AF_INET6, .sin6_port = htons(atoi(argv[2])) };
		struct sigaction sa = { .sa_handler = on_term };
		int rcvbuf = 1 << 20;

		sigaction(SIGTERM, &sa, NULL);
		alarm(atoi(argv[3]));
		sigaction(SIGALRM, &sa, NULL);
		fd = socket(AF_INET6, SOCK_DGRAM, 0);
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
		if (bind(fd, (struct sockaddr *)&s6, sizeof(s6))) {
			perror("bind");
			return 1;
		}
		printf("listening\n");
		fflush(stdout);
		while (!stop) {
			struct pollfd pfd = { .fd = fd, .events = POLLIN };

			/* a short poll: a signal between the check and a wait is not lost */
			if (poll(&pfd, 1, 100) < 0 && errno != EINTR)
				break;
			while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) >= 0)
				total++;
		}
		/* what already arrived counts too */
		while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) >= 0)
			total++;
		printf("%ld\n", total);
		return 0;
	}
	if (argc == 5 && !strcmp(argv[1], "udp-echo"))
		return udp_echo(argv[2], atoi(argv[3]), atoi(argv[4]));
	if (argc == 3 && !strcmp(argv[1], "udp-echo-server")) {
		struct sockaddr_storage from;

		fd = listen6(SOCK_DGRAM, atoi(argv[2]));
		for (;;) {
			len = sizeof(from);
			n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len);
			if (n >= 0)
				sendto(fd, buf, n, 0, (struct sockaddr *)&from, len);
		}
	}
	if (argc == 5 && !strcmp(argv[1], "tcp-conns"))
		return tcp_conns(argv[2], atoi(argv[3]), atoi(argv[4]));
	if (argc == 4 && !strcmp(argv[1], "tcp-name-server")) {
		fd = listen6(SOCK_STREAM, atoi(argv[2]));
		n = snprintf(buf, sizeof(buf), "%s\n", argv[3]);
		for (;;) {
			c = accept(fd, NULL, NULL);
			if (c < 0)
				continue;
			if (write(c, buf, n) != n)
				perror("write");
			close(c);
		}
	}
	if (argc == 4 && !strcmp(argv[1], "tx-csum"))
		return tx_csum(argv[2], !strcmp(argv[3], "on"));
	fprintf(stderr, "usage: wasmk-traffic udp|tcp ADDR PORT N | udp-from ADDR PORT N SRC K | "
		"tcp-server PORT | udp-recv PORT SECS | udp-echo ADDR PORT N | "
		"udp-echo-server PORT | tcp-conns ADDR PORT N | tcp-name-server PORT NAME | "
		"tx-csum DEV on|off\n");
	return 2;
}
