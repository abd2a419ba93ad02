// memsum: a guest whose state is mostly memory. Fills a 256 KiB buffer with pseudo-random words
// (xorshift64), then forever: replaces 64 words at pseudo-random places, keeping the buffer's sum up
// to date in memory, adds the whole buffer up again and prints "ok N" when the two agree or "BAD N"
// when they do not, then sleeps 20 ms. A suspend, restore or migration that loses or corrupts a
// page, a register or the parked sleep shows on the console as BAD or as a gap in the numbers.
	.section .rodata
okmsg:
	stringz	"ok "
badmsg:
	stringz	"BAD "
	.align	8
pause:
	data8	0, 20000000			// struct timespec { 0 s, 20 ms }

	.data
	.align	8
sum:
	data8	0

	.bss
	.align	16
digits:
	.skip	32
	.align	4096
buffer:
	.skip	262144
	.set	words, 32768

	.text
	.global	_start
	.proc	_start
_start:
	alloc	loc0 = ar.pfs, 0, 8, 3, 0
	movl	loc1 = buffer
	movl	loc2 = 0x2545f4914f6cdd1d	// xorshift state, never zero
	mov	loc3 = 0			// line number
	movl	loc4 = sum
	movl	loc6 = words - 1		// index mask
	movl	loc7 = words
	mov	r16 = 0				// index
	mov	r17 = 0				// sum of what is filled in
	;;
.Lfill:
	shl	r18 = loc2, 13
	;;
	xor	loc2 = loc2, r18
	;;
	shr.u	r18 = loc2, 7
	;;
	xor	loc2 = loc2, r18
	;;
	shl	r18 = loc2, 17
	;;
	xor	loc2 = loc2, r18
	shladd	r19 = r16, 3, loc1
	;;
	st8	[r19] = loc2
	add	r17 = r17, loc2
	adds	r16 = 1, r16
	;;
	cmp.ltu	p6, p0 = r16, loc7
(p6)	br.cond.sptk.few .Lfill
	;;
	st8	[loc4] = r17
	;;
.Lline:
	mov	loc5 = 64			// words to replace
	;;
.Lchange:
	shl	r18 = loc2, 13
	;;
	xor	loc2 = loc2, r18
	;;
	shr.u	r18 = loc2, 7
	;;
	xor	loc2 = loc2, r18
	;;
	shl	r18 = loc2, 17
	;;
	xor	loc2 = loc2, r18
	;;
	shr.u	r19 = loc2, 20
	;;
	and	r19 = r19, loc6
	;;
	shladd	r19 = r19, 3, loc1
	;;
	ld8	r20 = [r19]
	ld8	r22 = [loc4]
	;;
	sub	r22 = r22, r20
	;;
	add	r22 = r22, loc2
	st8	[r19] = loc2
	;;
	st8	[loc4] = r22
	adds	loc5 = -1, loc5
	;;
	cmp.ne	p6, p0 = 0, loc5
(p6)	br.cond.dptk.few .Lchange
	;;
	mov	r16 = 0
	mov	r17 = 0
	;;
.Lverify:
	shladd	r19 = r16, 3, loc1
	;;
	ld8	r20 = [r19]
	adds	r16 = 1, r16
	;;
	add	r17 = r17, r20
	cmp.ltu	p6, p0 = r16, loc7
(p6)	br.cond.sptk.few .Lverify
	;;
	ld8	r22 = [loc4]
	;;
	cmp.eq	p6, p7 = r17, r22
	;;
	mov	r15 = 1027			// __NR_write
	mov	out0 = 1
	;;
(p6)	movl	out1 = okmsg
(p7)	movl	out1 = badmsg
	;;
(p6)	mov	out2 = 3
(p7)	mov	out2 = 4
	;;
	break.i	0x100000
	;;
	mov	out0 = loc3
	br.call.sptk.many b0 = print_number
	;;
	adds	loc3 = 1, loc3
	mov	r15 = 1168			// __NR_nanosleep
	movl	out0 = pause
	mov	out1 = 0
	;;
	break.i	0x100000
	;;
	br.sptk.few .Lline
	;;
	.endp	_start

// print_number(n): writes n in decimal followed by a newline (as guests/counter does).
	.proc	print_number
print_number:
	alloc	loc0 = ar.pfs, 1, 4, 3, 0
	mov	loc1 = b0
	movl	loc2 = digits + 31
	mov	r16 = 10
	;;
	st1	[loc2] = r16
	mov	loc3 = in0
	;;
.Ldigit:
	// q = n / 10: the high half of n * 0xcccccccccccccccd, shifted right by 3.
	movl	r17 = 0xcccccccccccccccd
	;;
	setf.sig f6 = loc3
	setf.sig f7 = r17
	;;
	xma.hu	f8 = f6, f7, f0
	;;
	getf.sig r18 = f8
	;;
	shr.u	r18 = r18, 3
	;;
	shladd	r19 = r18, 2, r18
	;;
	add	r19 = r19, r19
	;;
	sub	r20 = loc3, r19
	adds	loc2 = -1, loc2
	;;
	adds	r20 = '0', r20
	;;
	st1	[loc2] = r20
	mov	loc3 = r18
	;;
	cmp.ne	p6, p0 = 0, loc3
(p6)	br.cond.dptk.few .Ldigit
	;;
	mov	r15 = 1027
	mov	out0 = 1
	mov	out1 = loc2
	movl	r21 = digits + 32
	;;
	sub	out2 = r21, loc2
	;;
	break.i	0x100000
	mov	b0 = loc1
	mov	ar.pfs = loc0
	;;
	br.ret.sptk.many b0
	.endp	print_number
