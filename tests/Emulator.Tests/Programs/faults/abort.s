// break 0 (what compilers emit for __builtin_trap): SIGILL (interpreter group SystemInstructions).
	.text
	.global	_start
_start:
	break.i	0
