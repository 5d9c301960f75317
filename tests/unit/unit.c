// SPDX-License-Identifier: GPL-2.0
/* main() of every unit-test binary: runs the registered tests in order. */
#include <stdarg.h>
#include <stdlib.h>
#include "unit.h"

static struct unit_test *head, **tail = &head;
static int cur_failed;
static const char *cur_name;

void unit_register(struct unit_test *t)
{
	*tail = t;
	tail = &t->next;
}

void unit_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	if (!cur_failed)
		printf("FAIL %s: ", cur_name);
	else
		printf("     %s: ", cur_name);
	printf("%s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	cur_failed = 1;
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0;
	struct unit_test *t;

	for (t = head; t; t = t->next) {
		if (argc > 1 && !strstr(t->name, argv[1]))
			continue;
		cur_name = t->name;
		cur_failed = 0;
		t->fn();
		if (cur_failed) {
			failed++;
		} else {
			passed++;
			printf("PASS %s\n", t->name);
		}
		fflush(stdout);
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
