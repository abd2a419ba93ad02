// dirtier: the migration test guest. Fills a 4 MiB buffer, then forever: changes 64 words in 64
// different pages (about 13 MB/s of dirty memory at 50 lines a second), keeps a running sum of
// the buffer in memory, prints "seq N" and, every 8th line, recomputes the sum over the whole
// buffer and prints "CHECKSUM ERROR" when it differs from the kept one — so a migration that
// loses or corrupts a page shows on the console. A marker string sits in its data (next to the
// sum, so its page is resent every round) for the test that no page travels in clear.
	.section .rodata
seqmsg:
	stringz "seq "
	.set	seqmsg_len, . - seqmsg - 1
errmsg:
	stringz "CHECKSUM ERROR\n"
	.set	errmsg_len, . - errmsg - 1
	.align	8
pause:
	data8	0, 20000000			// struct timespec { 0 s, 20 ms }

	.data
	.align	8
marker:
	stringz	"IVM-MIGRATION-MARKER-Q7ZK3W9P"
	.align	8
sum:
	data8	0

	.bss
	.align	4096
buffer:
	.skip	4194304				// 524288 words

	.set	words, 524288

	.text
	.global	_start
	.proc	_start
_start:
	alloc	loc0 = ar.pfs, 0, 8, 3, 0
	movl	loc1 = buffer
	movl	loc5 = words
	mov	r17 = 0				// sum
	movl	r18 = 0x9e3779b97f4a7c15
	mov	r19 = 0				// word value
	;;
	mov	r16 = loc5
	adds	loc6 = -1, loc5			// index mask
	;;
.Linit:
	st8	[loc1] = r19, 8
	add	r17 = r17, r19
	add	r19 = r19, r18
	adds	r16 = -1, r16
	;;
	cmp.ne	p6, p0 = 0, r16
	;;
(p6)	br.cond.dptk.few .Linit
	;;
	movl	loc7 = sum
	;;
	st8	[loc7] = r17
	mov	loc2 = 0			// sequence number
	mov	loc3 = 0			// word cursor
	;;
.Lloop:
	mov	loc4 = 64
	ld8	r17 = [loc7]
	add	r24 = loc2, loc2
	;;
	adds	r24 = 1, r24			// the change this line makes to each word
	;;
.Ldirty:
	movl	r21 = buffer
	;;
	shladd	r22 = loc3, 3, r21
	;;
	ld8	r23 = [r22]
	;;
	add	r23 = r23, r24
	add	r17 = r17, r24
	adds	loc3 = 513, loc3		// next page, next word
	adds	loc4 = -1, loc4
	;;
	st8	[r22] = r23
	and	loc3 = loc3, loc6
	cmp.ne	p6, p0 = 0, loc4
	;;
(p6)	br.cond.dptk.few .Ldirty
	;;
	st8	[loc7] = r17
	mov	r15 = 1027			// __NR_write
	mov	out0 = 1
	movl	out1 = seqmsg
	mov	out2 = seqmsg_len
	;;
	break.i	0x100000
	mov	out0 = loc2
	br.call.sptk.many b0 = print_number
	;;
	and	r25 = 7, loc2
	;;
	cmp.eq	p6, p0 = 0, r25
	;;
(p6)	br.call.sptk.many b0 = verify
	;;
	mov	r15 = 1168			// __NR_nanosleep
	movl	out0 = pause
	mov	out1 = 0
	;;
	break.i	0x100000
	adds	loc2 = 1, loc2
	br.sptk.few .Lloop
	;;
	.endp	_start

// verify(): sums the buffer and writes "CHECKSUM ERROR" when it differs from the kept sum.
	.proc	verify
verify:
	alloc	loc0 = ar.pfs, 0, 2, 3, 0
	mov	loc1 = b0
	movl	r16 = buffer
	movl	r17 = words
	mov	r18 = 0
	;;
.Lsum:
	ld8	r19 = [r16], 8
	adds	r17 = -1, r17
	;;
	add	r18 = r18, r19
	cmp.ne	p6, p0 = 0, r17
	;;
(p6)	br.cond.dptk.few .Lsum
	;;
	movl	r20 = sum
	;;
	ld8	r21 = [r20]
	;;
	cmp.eq	p7, p0 = r18, r21
	;;
(p7)	br.cond.dptk.few .Lok
	;;
	mov	r15 = 1027			// __NR_write
	mov	out0 = 1
	movl	out1 = errmsg
	mov	out2 = errmsg_len
	;;
	break.i	0x100000
	;;
.Lok:
	mov	b0 = loc1
	mov	ar.pfs = loc0
	;;
	br.ret.sptk.many b0
	.endp	verify

	.include "../print_number.inc"
