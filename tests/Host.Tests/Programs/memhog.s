// memhog: writes one byte into each page of a 16 MiB array, so a guest whose memory is smaller
// touches past its limit; exits with status 0 if it ever gets through.
	.bss
	.align	16
area:
	.skip	16777216

	.text
	.global	_start
	.proc	_start
_start:
	movl	r14 = area
	movl	r15 = area + 16777216
	mov	r16 = 1
	;;
.Lpage:
	st8	[r14] = r16
	adds	r14 = 4096, r14
	;;
	cmp.ltu	p6, p0 = r14, r15
(p6)	br.cond.sptk.few .Lpage
	;;
	alloc	r2 = ar.pfs, 0, 0, 1, 0
	;;
	mov	r15 = 1025			// __NR_exit
	mov	out0 = 0
	;;
	break.i	0x100000
	.endp	_start
