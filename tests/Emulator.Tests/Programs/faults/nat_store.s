// Stores a NaT register: register NaT consumption, SIGILL.
	.text
	.global	_start
_start:
	ld8.s	r14 = [r0]
	movl	r15 = value
	;;
	st8	[r15] = r14
	;;
	break.i	0
	.data
value:	data8	0
