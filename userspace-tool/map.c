// SPDX-License-Identifier: GPL-2.0
/*
 * wasmk map list|show|dump|lookup|update|delete|pin|unpin|hist: the maps
 * programs declare, decoded by their declared layouts.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/wasmk.h>

#include "layout.h"
#include "wasmk.h"

static void map_help(void)
{
	printf("Usage: wasmk map list\n"
	       "       wasmk map show MAP\n"
	       "       wasmk map dump MAP [sum]\n"
	       "       wasmk map lookup MAP key KEY [sum]\n"
	       "       wasmk map update MAP key KEY value VALUE [any|noexist|exist]\n"
	       "       wasmk map delete MAP key KEY\n"
	       "       wasmk map pin MAP\n"
	       "       wasmk map unpin MAP\n"
	       "       wasmk map hist MAP\n"
	       "\n"
	       "A program's maps come with it (WASMK_MAP() in wasmk/guest.h): hash,\n"
	       "lru_hash, percpu_hash, array and percpu_array.  A map declared with a\n"
	       "key or value layout (WASMK_MAP_DECL()) is printed field by field, and\n"
	       "its KEY or VALUE is given as the fields' values, comma-separated in\n"
	       "order (e.g. key 10.0.0.1,53); 'hex HEX' gives bytes in memory order,\n"
	       "always (without a layout, a bare HEX is bytes too).  The per-CPU kinds\n"
	       "hold one value per CPU: dump and lookup print each CPU's, or with 'sum'\n"
	       "the values added up (integer fields, or little-endian 64-bit words\n"
	       "without a layout); update writes the value to every CPU.\n"
	       "pin keeps a map after its programs are unloaded, until unpin (or\n"
	       "rmmod), and lets programs that declare it shared use it by name.\n"
	       "hist draws a log2 histogram kept as wasmk_log2_slot() does: u32 keys\n"
	       "0..63, the count the first u64 of each value (summed over CPUs), as\n"
	       "bpftrace prints @hist.\n"
	       "MAP is an ID or 'name NAME'.\n");
}

static const char *const kinds[] = { "?", "hash", "array", "percpu_hash", "percpu_array",
				     "lru_hash" };

static const char *kind_name(unsigned int k)
{
	return k < sizeof(kinds) / sizeof(kinds[0]) ? kinds[k] : "?";
}

/* "ID" or "name NAME": args used (1 or 2), 0 after an error message, -1 usage. */
static int map_lookup_arg(int fd, int argc, char **argv, struct wasmk_map_info *m)
{
	int used = 1, e;

	memset(m, 0, sizeof(*m));
	m->size = sizeof(*m);
	if (argc >= 2 && !strcmp(argv[0], "name")) {
		if (strlen(argv[1]) >= WASMK_NAME_LEN)
			return -1;
		strcpy(m->name, argv[1]);
		used = 2;
	} else if (argc < 1 || !parse_u32(argv[0], &m->map_id) || !m->map_id) {
		return -1;
	}
	e = ioctl_raw(fd, WASMK_IOC_MAP_INFO, m);
	if (e == -ENOENT) {
		err("map %s: no such map", used == 2 ? argv[1] : argv[0]);
		return 0;
	}
	if (e == -ENOTUNIQ) {
		err("map %s: several programs have a map of that name: give its ID (wasmk map list)",
		    argv[1]);
		return 0;
	}
	if (e) {
		ioctl_err(-e, "map");
		return 0;
	}
	return used;
}

/* The map's declared layouts, if they parse and cover its key and value. */
static struct layout klay, vlay;

static void load_layouts(const struct wasmk_map_info *m)
{
	memset(&klay, 0, sizeof(klay));
	memset(&vlay, 0, sizeof(vlay));
	if (m->key_layout[0] && memchr(m->key_layout, 0, sizeof(m->key_layout)) &&
	    (layout_parse(&klay, m->key_layout, "map") || klay.size != m->key_size)) {
		err("map %s: key layout '%s' does not describe its %u-byte key: shown as hex",
		    m->name, m->key_layout, m->key_size);
		memset(&klay, 0, sizeof(klay));
	}
	if (m->value_layout[0] && memchr(m->value_layout, 0, sizeof(m->value_layout)) &&
	    (layout_parse(&vlay, m->value_layout, "map") || vlay.size != m->value_size)) {
		err("map %s: value layout '%s' does not describe its %u-byte value: shown as hex",
		    m->name, m->value_layout, m->value_size);
		memset(&vlay, 0, sizeof(vlay));
	}
}

static void hex(const unsigned char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		printf("%02x", b[i]);
}

static char *hex_str(const unsigned char *b, size_t n)
{
	char *s = malloc(2 * n + 1);
	size_t i;

	for (i = 0; s && i < n; i++)
		sprintf(s + 2 * i, "%02x", b[i]);
	if (s)
		s[2 * n] = 0;
	return s;
}

static void show_one(const struct wasmk_map_info *m)
{
	if (cli.json) {
		json_begin_obj(NULL);
		json_u64("id", m->map_id);
		json_str("name", m->name);
		json_u64("prog", m->prog_id);
		json_str("kind", kind_name(m->kind));
		json_u64("key_size", m->key_size);
		json_u64("value_size", m->value_size);
		json_u64("max_entries", m->max_entries);
		json_u64("entries", m->entries);
		json_u64("bytes", m->bytes);
		json_u64("refused_full", m->refused_full);
		json_u64("refused_busy", m->refused_busy);
		json_u64("evicted", m->evicted);
		json_bool("shared", m->map_flags & WASMK_MAP_F_SHARED);
		json_bool("pinned", m->map_flags & WASMK_MAP_F_PINNED);
		json_u64("progs", m->progs);
		json_u64("fds", m->fds);
		json_str("key_layout", m->key_layout);
		json_str("value_layout", m->value_layout);
		json_end_obj();
		return;
	}
	printf("%u: %s  prog %u  %s  key %u  value %u  entries %u/%u  %llu KiB%s%s\n", m->map_id,
	       m->name, m->prog_id, kind_name(m->kind), m->key_size, m->value_size, m->entries,
	       m->max_entries, (unsigned long long)(m->bytes >> 10),
	       m->map_flags & WASMK_MAP_F_SHARED ? "  shared" : "",
	       m->map_flags & WASMK_MAP_F_PINNED ? "  pinned" : "");
	if (m->progs != 1 || m->fds)
		printf("\theld by %u programs, %u fds%s\n", m->progs, m->fds,
		       m->map_flags & WASMK_MAP_F_PINNED ? " and its pin" : "");
	if (m->key_layout[0] || m->value_layout[0])
		printf("\tkey %s  value %s\n", m->key_layout[0] ? m->key_layout : "hex",
		       m->value_layout[0] ? m->value_layout : "hex");
	if (m->refused_full || m->refused_busy || m->evicted)
		printf("\trefused: %llu full, %llu busy; evicted %llu\n",
		       (unsigned long long)m->refused_full, (unsigned long long)m->refused_busy,
		       (unsigned long long)m->evicted);
}

static int map_list(int fd)
{
	struct wasmk_map_list l;
	unsigned int *ids = NULL, i;
	int e;

	memset(&l, 0, sizeof(l));
	l.size = sizeof(l);
	for (;;) {
		e = ioctl_raw(fd, WASMK_IOC_MAP_LIST, &l);
		if (e) {
			ioctl_err(-e, "map list");
			free(ids);
			return EXIT_ERR;
		}
		if (ids && l.count <= i)
			break;
		free(ids);
		i = l.count + 8;
		ids = calloc(i, sizeof(*ids));
		if (!ids)
			return EXIT_ERR;
		l.ids = (uintptr_t)ids;
		l.count = i;
	}
	if (cli.json)
		json_begin_arr(NULL);
	for (i = 0; i < l.count; i++) {
		struct wasmk_map_info m;

		memset(&m, 0, sizeof(m));
		m.size = sizeof(m);
		m.map_id = ids[i];
		if (ioctl_raw(fd, WASMK_IOC_MAP_INFO, &m))
			continue;	/* gone meanwhile */
		show_one(&m);
	}
	if (cli.json) {
		json_end_arr();
		json_done();
	}
	free(ids);
	return EXIT_OK;
}

static int elem_io(int fd, unsigned long cmd, const struct wasmk_map_info *m, const void *key,
		   void *value, void *next, unsigned int flags)
{
	struct wasmk_map_elem a;

	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.flags = flags;
	a.map_id = m->map_id;
	a.key = (uintptr_t)key;
	a.value = (uintptr_t)value;
	a.next_key = (uintptr_t)next;
	return ioctl_raw(fd, cmd, &a);
}

/* A key or value: by its layout (" a=1 b=2", with -j an object), else hex. */
static void print_bytes(const char *jkey, const struct layout *l, const unsigned char *b,
			size_t n)
{
	char *h;

	if (l->n) {
		if (cli.json)
			json_begin_obj(jkey);
		layout_print(l, b, n);
		if (cli.json)
			json_end_obj();
		return;
	}
	if (cli.json) {
		h = hex_str(b, n);
		json_str(jkey, h ? h : "");
		free(h);
		return;
	}
	putchar(' ');
	hex(b, n);
}

/* The per-CPU values summed: by the layout's integer fields, else as u64 words. */
static void print_sum(const struct wasmk_map_info *m, const unsigned char *val,
		      unsigned int ncpu)
{
	unsigned char *acc;
	unsigned long long s, x;
	unsigned int c, w;

	if (vlay.n) {
		acc = calloc(1, m->value_size);
		if (!acc)
			exit(EXIT_ERR);
		memcpy(acc, val, m->value_size);
		for (c = 1; c < ncpu; c++)
			layout_add(&vlay, acc, val + (size_t)c * m->value_size);
		print_bytes("sum", &vlay, acc, m->value_size);
		free(acc);
		return;
	}
	if (cli.json)
		json_begin_arr("sum");
	for (w = 0; w + 8 <= m->value_size; w += 8) {
		for (s = 0, c = 0; c < ncpu; c++) {
			memcpy(&x, val + (size_t)c * m->value_size + w, 8);
			s += x;
		}
		if (cli.json)
			json_u64(NULL, s);
		else
			printf(" %llu", s);
	}
	if (cli.json)
		json_end_arr();
}

/* One entry: key, then its value(s) per CPU or summed. */
static void print_entry(const struct wasmk_map_info *m, const unsigned char *key,
			const unsigned char *val, bool sum)
{
	unsigned int c, ncpu = m->nr_cpus ? m->nr_cpus : 1;

	if (cli.json) {
		json_begin_obj(NULL);
		print_bytes("key", &klay, key, m->key_size);
		if (ncpu == 1) {
			print_bytes("value", &vlay, val, m->value_size);
		} else if (!sum) {
			json_begin_arr("values");
			for (c = 0; c < ncpu; c++)
				print_bytes(NULL, &vlay, val + (size_t)c * m->value_size,
					    m->value_size);
			json_end_arr();
		} else {
			print_sum(m, val, ncpu);
		}
		json_end_obj();
		return;
	}
	printf("key");
	print_bytes(NULL, &klay, key, m->key_size);
	if (ncpu == 1) {
		printf(":");
		print_bytes(NULL, &vlay, val, m->value_size);
	} else if (!sum) {
		printf(":\n");
		for (c = 0; c < ncpu; c++) {
			printf("\tcpu%u", c);
			print_bytes(NULL, &vlay, val + (size_t)c * m->value_size, m->value_size);
			if (c + 1 < ncpu)
				printf("\n");
		}
	} else {
		printf(": sum");
		print_sum(m, val, ncpu);
	}
	printf("\n");
}

static int map_dump(int fd, const struct wasmk_map_info *m, bool sum)
{
	size_t vbytes = (size_t)m->value_size * (m->nr_cpus ? m->nr_cpus : 1);
	unsigned char *key = calloc(1, m->key_size), *next = calloc(1, m->key_size);
	unsigned char *val = calloc(1, vbytes);
	unsigned int n = 0;
	bool first = true;
	int e, ret = EXIT_OK;

	if (!key || !next || !val) {
		ret = EXIT_ERR;
		goto out;
	}
	if (cli.json)
		json_begin_arr(NULL);
	for (;;) {
		e = elem_io(fd, WASMK_IOC_MAP_NEXT_KEY, m, first ? NULL : key, NULL, next, 0);
		if (e == -EBUSY)
			continue;
		if (e == -ENOENT)
			break;
		if (e) {
			ioctl_err(-e, "map dump");
			ret = EXIT_ERR;
			break;
		}
		first = false;
		memcpy(key, next, m->key_size);
		e = elem_io(fd, WASMK_IOC_MAP_LOOKUP, m, key, val, NULL, 0);
		if (e == -ENOENT)
			continue;	/* deleted meanwhile */
		if (e) {
			ioctl_err(-e, "map dump");
			ret = EXIT_ERR;
			break;
		}
		print_entry(m, key, val, sum);
		n++;
	}
	if (cli.json) {
		json_end_arr();
		json_done();
	} else {
		printf("%u entries\n", n);
	}
out:
	free(key);
	free(next);
	free(val);
	return ret;
}

/*
 * "key KEY" or "value VALUE" at argv[i]: 'hex HEX', or the fields' values by
 * layout l when there is one, else HEX; exactly want bytes.  Sets *used
 * (the words taken); NULL after a usage error.
 */
static unsigned char *arg_bytes(int argc, char **argv, int i, const char *what, size_t want,
				const struct layout *l, int *used)
{
	bool as_hex = !l->n;
	unsigned char *b;
	size_t len;

	if (i + 1 >= argc || strcmp(argv[i], what)) {
		usage_err("map", "expected '%s %s'", what, l->n ? "VALUES" : "HEX");
		return NULL;
	}
	*used = 2;
	if (!strcmp(argv[i + 1], "hex")) {
		if (i + 2 >= argc) {
			usage_err("map", "'%s hex' needs HEX", what);
			return NULL;
		}
		as_hex = true;
		*used = 3;
	}
	if (!as_hex) {
		b = calloc(1, want);
		if (b && layout_encode(l, argv[i + 1], b, "map")) {
			free(b);
			return NULL;
		}
		return b;
	}
	b = parse_hex(argv[i + *used - 1], &len);
	if (!b || len != want) {
		usage_err("map", "%s must be %zu bytes of hex", what, want);
		free(b);
		return NULL;
	}
	return b;
}

/* A power of two as bpftrace writes it: 1, 512, 1K, 4M, ... */
static void pow2_label(char *b, size_t n, unsigned int e)
{
	static const char suffix[] = " KMGTPE";
	unsigned int k = e / 10;

	if (k >= sizeof(suffix) - 1)
		k = sizeof(suffix) - 2;
	if (k)
		snprintf(b, n, "%llu%c", 1ull << (e - 10 * k), suffix[k]);
	else
		snprintf(b, n, "%llu", 1ull << e);
}

/* Counts by log2 slot, drawn as bpftrace's @hist. */
static int map_hist(int fd, const struct wasmk_map_info *m)
{
	size_t vbytes = (size_t)m->value_size * (m->nr_cpus ? m->nr_cpus : 1);
	unsigned long long counts[64] = { 0 }, max = 0;
	unsigned char *val = calloc(1, vbytes);
	unsigned int slot, c, lo = 64, hi = 0, w;
	int e;

	if (m->key_size != 4 || m->value_size < 8)
		return usage_err("map", "hist needs u32 slot keys and u64 counts (this map: key %u, value %u bytes)",
				 m->key_size, m->value_size);
	if (!val)
		return EXIT_ERR;
	for (slot = 0; slot < 64; slot++) {
		do
			e = elem_io(fd, WASMK_IOC_MAP_LOOKUP, m, &slot, val, NULL, 0);
		while (e == -EBUSY);
		if (e == -ENOENT)
			continue;
		if (e) {
			ioctl_err(-e, "map hist");
			free(val);
			return EXIT_ERR;
		}
		for (c = 0; c < (m->nr_cpus ? m->nr_cpus : 1); c++) {
			unsigned long long x;

			memcpy(&x, val + (size_t)c * m->value_size, 8);
			counts[slot] += x;
		}
		if (counts[slot]) {
			lo = slot < lo ? slot : lo;
			hi = slot;
			max = counts[slot] > max ? counts[slot] : max;
		}
	}
	free(val);
	if (cli.json) {
		json_begin_obj(NULL);
		json_str("name", m->name);
		json_begin_arr("hist");
		for (slot = lo; lo < 64 && slot <= hi; slot++) {
			json_begin_obj(NULL);
			json_u64("min", slot ? 1ull << (slot - 1) : 0);
			json_u64("max", slot ? (1ull << slot) - 1 : 0);
			json_u64("count", counts[slot]);
			json_end_obj();
		}
		json_end_arr();
		json_end_obj();
		json_done();
		return EXIT_OK;
	}
	printf("@%s:\n", m->name);
	for (slot = lo; lo < 64 && slot <= hi; slot++) {
		char label[64], a[24], b[24];
		unsigned int bar = max ? (unsigned int)(counts[slot] * 52 / max) : 0;

		if (slot < 2) {
			snprintf(label, sizeof(label), "[%u]", slot);
		} else {
			pow2_label(a, sizeof(a), slot - 1);
			pow2_label(b, sizeof(b), slot);
			snprintf(label, sizeof(label), "[%s, %s)", a, b);
		}
		printf("%-20s%8llu |", label, counts[slot]);
		for (w = 0; w < 52; w++)
			putchar(w < bar ? '@' : ' ');
		printf("|\n");
	}
	return EXIT_OK;
}

static int map_pin(int fd, const struct wasmk_map_info *m, bool pin)
{
	struct wasmk_map_pin a;
	int e;

	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.map_id = m->map_id;
	e = ioctl_raw(fd, pin ? WASMK_IOC_MAP_PIN : WASMK_IOC_MAP_UNPIN, &a);
	if (e == -EEXIST) {
		if (m->map_flags & WASMK_MAP_F_PINNED)
			err("map %u (%s) is pinned already", m->map_id, m->name);
		else
			err("map %u (%s): another map of that name is shared or pinned",
			    m->map_id, m->name);
		return EXIT_ERR;
	}
	if (e == -ENOENT && !pin) {
		err("map %u (%s) is not pinned", m->map_id, m->name);
		return EXIT_ERR;
	}
	if (e) {
		ioctl_err(-e, pin ? "map pin" : "map unpin");
		return EXIT_ERR;
	}
	if (cli.json) {
		json_begin_obj(NULL);
		json_u64("id", m->map_id);
		json_str("name", m->name);
		json_bool("pinned", pin);
		json_end_obj();
		json_done();
	} else {
		printf("map %u (%s) %s\n", m->map_id, m->name, pin ? "pinned" : "unpinned");
	}
	return EXIT_OK;
}

int cmd_map(int argc, char **argv)
{
	struct wasmk_map_info m;
	const char *verb;
	unsigned char *key = NULL, *val = NULL;
	int fd, used, ret = EXIT_ERR, e, i;
	bool sum = false;

	if (argc < 1 || !strcmp(argv[0], "help")) {
		map_help();
		return argc < 1 ? EXIT_USAGE : EXIT_OK;
	}
	verb = argv[0];
	fd = dev_open();
	if (fd < 0)
		return EXIT_ERR;
	if (!strcmp(verb, "list")) {
		ret = map_list(fd);
		goto out;
	}
	if (strcmp(verb, "show") && strcmp(verb, "dump") && strcmp(verb, "lookup") &&
	    strcmp(verb, "update") && strcmp(verb, "delete") && strcmp(verb, "hist") &&
	    strcmp(verb, "pin") && strcmp(verb, "unpin")) {
		ret = usage_err("map", "unknown command '%s'", verb);
		goto out;
	}
	used = map_lookup_arg(fd, argc - 1, argv + 1, &m);
	if (used < 0) {
		ret = usage_err("map", "map %s needs MAP: an ID or 'name NAME'", verb);
		goto out;
	}
	if (!used)
		goto out;
	i = 1 + used;
	load_layouts(&m);
	if (!strcmp(verb, "pin") || !strcmp(verb, "unpin")) {
		ret = i < argc ? usage_err("map", "unexpected argument '%s'", argv[i]) :
				 map_pin(fd, &m, !strcmp(verb, "pin"));
	} else if (!strcmp(verb, "hist")) {
		ret = i < argc ? usage_err("map", "unexpected argument '%s'", argv[i]) :
				 map_hist(fd, &m);
	} else if (!strcmp(verb, "show")) {
		show_one(&m);
		if (cli.json)
			json_done();
		ret = EXIT_OK;
	} else if (!strcmp(verb, "dump")) {
		if (i < argc && !strcmp(argv[i], "sum"))
			sum = true;
		else if (i < argc) {
			ret = usage_err("map", "unexpected argument '%s'", argv[i]);
			goto out;
		}
		ret = map_dump(fd, &m, sum);
	} else {
		size_t vbytes = (size_t)m.value_size * (m.nr_cpus ? m.nr_cpus : 1);
		unsigned int flags = 0;

		key = arg_bytes(argc, argv, i, "key", m.key_size, &klay, &used);
		if (!key) {
			ret = EXIT_USAGE;
			goto out;
		}
		i += used;
		if (!strcmp(verb, "update")) {
			unsigned char *one = arg_bytes(argc, argv, i, "value", m.value_size, &vlay,
						       &used);
			unsigned int c;

			if (!one) {
				ret = EXIT_USAGE;
				goto out;
			}
			i += used;
			val = calloc(1, vbytes);
			for (c = 0; val && c < (m.nr_cpus ? m.nr_cpus : 1); c++)
				memcpy(val + (size_t)c * m.value_size, one, m.value_size);
			free(one);
			if (i < argc && !strcmp(argv[i], "noexist"))
				flags = WASMK_MAP_NOEXIST, i++;
			else if (i < argc && !strcmp(argv[i], "exist"))
				flags = WASMK_MAP_EXIST, i++;
			else if (i < argc && !strcmp(argv[i], "any"))
				i++;
		} else if (!strcmp(verb, "lookup")) {
			val = calloc(1, vbytes);
			if (i < argc && !strcmp(argv[i], "sum"))
				sum = true, i++;
		}
		if (i < argc) {
			ret = usage_err("map", "unexpected argument '%s'", argv[i]);
			goto out;
		}
		if (!val && strcmp(verb, "delete"))
			goto out;
		e = elem_io(fd, !strcmp(verb, "lookup") ? WASMK_IOC_MAP_LOOKUP :
			    !strcmp(verb, "update") ? WASMK_IOC_MAP_UPDATE : WASMK_IOC_MAP_DELETE,
			    &m, key, val, NULL, flags);
		if (e == -ENOENT) {
			err("map %s: no such key", verb);
		} else if (e == -EEXIST) {
			err("map update: the key exists (noexist)");
		} else if (e == -E2BIG) {
			err("map update: the map is full (or the index is past an array's end)");
		} else if (e == -EINVAL && !strcmp(verb, "delete")) {
			err("map delete: array entries can't be deleted");
		} else if (e) {
			ioctl_err(-e, "map");
		} else {
			ret = EXIT_OK;
			if (!strcmp(verb, "lookup")) {
				if (cli.json)
					json_begin_arr(NULL);
				print_entry(&m, key, val, sum);
				if (cli.json) {
					json_end_arr();
					json_done();
				}
			} else if (cli.json) {
				json_begin_obj(NULL);
				json_str("result", "ok");
				json_end_obj();
				json_done();
			}
		}
	}
out:
	free(key);
	free(val);
	close(fd);
	return ret;
}
