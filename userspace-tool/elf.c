// SPDX-License-Identifier: GPL-2.0
/*
 * A function symbol's file offset in an ELF file (libelf), for uprobes:
 * the uprobe API takes the offset of the instruction in the file, and a
 * symbol's value is its virtual address, so the PT_LOAD segment holding
 * it maps one to the other.  .symtab first, then .dynsym.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <string.h>
#include <unistd.h>

#include "wasmk.h"

static int find_in(Elf *e, Elf_Scn *scn, const GElf_Shdr *sh, const char *name, GElf_Sym *out)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	size_t i, n = sh->sh_entsize ? sh->sh_size / sh->sh_entsize : 0;
	GElf_Sym s;

	for (i = 0; d && i < n; i++) {
		const char *sn;

		if (!gelf_getsym(d, i, &s) || GELF_ST_TYPE(s.st_info) != STT_FUNC || !s.st_value)
			continue;
		sn = elf_strptr(e, sh->sh_link, s.st_name);
		if (sn && !strcmp(sn, name)) {
			*out = s;
			return 1;
		}
	}
	return 0;
}

int elf_symbol_offset(const char *path, const char *name, unsigned long long *off)
{
	GElf_Shdr sh;
	GElf_Phdr ph;
	GElf_Sym sym;
	Elf_Scn *scn;
	size_t i, nph;
	int fd, found = 0, ret = -1;
	Elf *e;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err("%s: %s", path, strerror(errno));
		return -1;
	}
	e = elf_begin(fd, ELF_C_READ, NULL);
	if (!e || elf_kind(e) != ELF_K_ELF) {
		err("%s: not an ELF file", path);
		goto out;
	}
	for (int pass = 0; pass < 2 && !found; pass++) {
		for (scn = NULL; !found && (scn = elf_nextscn(e, scn));) {
			if (!gelf_getshdr(scn, &sh) ||
			    sh.sh_type != (pass ? SHT_DYNSYM : SHT_SYMTAB))
				continue;
			found = find_in(e, scn, &sh, name, &sym);
		}
	}
	if (!found) {
		err("%s: no function symbol %s (in .symtab or .dynsym)", path, name);
		goto out;
	}
	if (elf_getphdrnum(e, &nph))
		goto out;
	for (i = 0; i < nph; i++) {
		if (!gelf_getphdr(e, i, &ph) || ph.p_type != PT_LOAD || !(ph.p_flags & PF_X))
			continue;
		if (sym.st_value >= ph.p_vaddr && sym.st_value < ph.p_vaddr + ph.p_memsz) {
			*off = sym.st_value - ph.p_vaddr + ph.p_offset;
			ret = 0;
			goto out;
		}
	}
	err("%s: symbol %s (0x%llx) is in no executable segment", path, name,
	    (unsigned long long)sym.st_value);
out:
	if (e)
		elf_end(e);
	close(fd);
	return ret;
}
