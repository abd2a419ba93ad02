// Calls an unassigned system call number twice, then exits with the errno it returned.
	.text
	.global	_start
_start:
	alloc	r2 = ar.pfs, 0, 0, 1, 0
	mov	r15 = 1999
	;;
	break.i	0x100000
	;;
	mov	r15 = 1999
	;;
	break.i	0x100000
	;;
	mov	out0 = r8
	mov	r15 = 1025
	;;
	break.i	0x100000
