// toucher: the migration benchmark's idle guest. Fills a 64 MiB buffer with non-zero words (so
// every page travels as a body, not a zero marker), prints "ready", then sleeps forever in
// one-second naps: touched memory that no longer changes.
	.section .rodata
ready:
	stringz "ready\n"
	.set	ready_len, . - ready - 1
	.align	8
nap:
	data8	1, 0				// struct timespec { 1 s, 0 }

	.data					// (a data segment with contents: the loader wants the bss one to have a file part)
	.align	8
generation:
	data8	1

	.bss
	.align	4096
buffer:
	.skip	67108864

	.text
	.global	_start
	.proc	_start
_start:
	alloc	loc0 = ar.pfs, 0, 2, 3, 0
	movl	r14 = buffer
	movl	r16 = 8388608			// words
	movl	r18 = 0x9e3779b97f4a7c15
	mov	r19 = r18
	;;
.Lfill:
	st8	[r14] = r19, 8
	add	r19 = r19, r18
	adds	r16 = -1, r16
	;;
	cmp.ne	p6, p0 = 0, r16
	;;
(p6)	br.cond.dptk.few .Lfill
	;;
	mov	r15 = 1027			// __NR_write
	mov	out0 = 1
	movl	out1 = ready
	mov	out2 = ready_len
	;;
	break.i	0x100000
	;;
.Lsleep:
	mov	r15 = 1168			// __NR_nanosleep
	movl	out0 = nap
	mov	out1 = 0
	;;
	break.i	0x100000
	br.sptk.few .Lsleep
	;;
	.endp	_start
