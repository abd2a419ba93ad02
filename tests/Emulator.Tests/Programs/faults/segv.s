// A load from an unmapped page: segmentation fault, SIGSEGV.
	.text
	.global	_start
_start:
	mov	r14 = 0x1000
	;;
	ld8	r15 = [r14]
	;;
	break.i	0
