# Expands @REP N TEXT@ into TEXT repeated N times (TEXT has no @), so that
# bench/fuel/classes.wat can declare 1000 locals or a 64 KiB data segment
# in one line.
{
	while (match($0, /@REP [0-9]+ [^@]*@/)) {
		spec = substr($0, RSTART + 5, RLENGTH - 6)
		n = spec + 0
		text = substr(spec, index(spec, " ") + 1)
		out = ""
		for (i = 0; i < n; i++)
			out = out text
		$0 = substr($0, 1, RSTART - 1) out substr($0, RSTART + RLENGTH)
	}
	print
}
