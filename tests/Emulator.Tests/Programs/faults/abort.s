// break 0 (what compilers emit for __builtin_trap): SIGILL.
	.text
	.global	_start
_start:
	break.i	0
