// echo: copies standard input to standard output until end of input, then exits with status 0
// (1 if a read fails). The demo guest for console input: what is typed comes back.
	.bss
	.align	16
buffer:
	.skip	256

	.text
	.global	_start
	.proc	_start
_start:
	alloc	loc0 = ar.pfs, 0, 2, 3, 0
	;;
.Lloop:
	mov	r15 = 1026			// __NR_read
	mov	out0 = 0
	movl	out1 = buffer
	mov	out2 = 256
	;;
	break.i	0x100000
	;;
	cmp.eq	p6, p0 = -1, r10		// an error
	cmp.eq	p7, p0 = 0, r8			// end of input
	;;
(p6)	br.cond.spnt.few .Lfailed
(p7)	br.cond.spnt.few .Lend
	;;
	mov	loc1 = r8
	;;
	mov	r15 = 1027			// __NR_write
	mov	out0 = 1
	movl	out1 = buffer
	mov	out2 = loc1
	;;
	break.i	0x100000
	br.sptk.few .Lloop
	;;
.Lend:
	mov	r15 = 1025			// __NR_exit
	mov	out0 = 0
	;;
	break.i	0x100000
	;;
.Lfailed:
	mov	r15 = 1025
	mov	out0 = 1
	;;
	break.i	0x100000
	.endp	_start
