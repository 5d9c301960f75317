/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Layouts: the TYPE:NAME,... language that describes an event record or a
 * map's key or value (`wasmk events ... layout SPEC`, WASMK_EVENT_LAYOUT(),
 * WASMK_MAP_DECL()).  Fields are packed, in order:
 *	u8 u16 u32 u64 i8 i16 i32 i64	little-endian integers
 *	be16 be32			network-order integers
 *	ipv4				4 bytes, dotted
 *	ipv6				16 bytes, as inet_ntop() writes them
 *	mac				6 bytes, as aa:bb:cc:dd:ee:ff
 *	strN				N bytes, text up to a NUL
 *	hexN				N bytes, as hex
 */
#ifndef WASMK_CLI_LAYOUT_H
#define WASMK_CLI_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#define LAYOUT_MAX_FIELDS	64
#define LAYOUT_TYPES		"u8..u64, i8..i64, be16, be32, ipv4, ipv6, mac, strN, hexN"

enum layout_type { F_U, F_I, F_BE, F_IPV4, F_IPV6, F_MAC, F_STR, F_HEX };

struct layout_field {
	enum layout_type type;
	unsigned int size;
	char name[32];
};

struct layout {
	struct layout_field f[LAYOUT_MAX_FIELDS];
	unsigned int n;
	unsigned int size;	/* bytes the fields cover */
};

/* Parse spec into *l; 0, or EXIT_USAGE after a message naming cmd. */
int layout_parse(struct layout *l, const char *spec, const char *cmd);
/* One field's value as text; *num says it is a number (decimal). */
void layout_field_text(const struct layout_field *f, const unsigned char *p, char *out,
		       size_t outsz, bool *num);
/*
 * The fields of p (len bytes) that fit: " name=value" each, or with -j one
 * JSON member each.  Returns the bytes they covered.
 */
unsigned int layout_print(const struct layout *l, const unsigned char *p, unsigned int len);
/*
 * Values, comma-separated in field order ("10.0.0.1,53"), into l->size
 * bytes at out; 0, or EXIT_USAGE after a message naming cmd.
 */
int layout_encode(const struct layout *l, const char *text, unsigned char *out,
		  const char *cmd);
/* Add the integer fields of src into dst (per-CPU sums), modulo their size. */
void layout_add(const struct layout *l, unsigned char *dst, const unsigned char *src);

#endif
