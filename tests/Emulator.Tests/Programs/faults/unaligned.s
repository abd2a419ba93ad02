// An 8-byte load from an odd address: unaligned data reference, SIGBUS.
	.text
	.global	_start
_start:
	movl	r14 = value + 1
	;;
	ld8	r15 = [r14]
	;;
	break.i	0
	.data
value:	data8	0, 0
