// spin: a CPU-bound guest that never sleeps or exits — what the scheduler's shares and caps are
// measured with.
	.text
	.global	_start
	.proc	_start
_start:
	mov	r14 = 0
	;;
.Lloop:
	adds	r14 = 1, r14
	br.sptk.few .Lloop
	;;
	.endp	_start
