// Compares, loop branches, register rotation and the register stack (interpreter groups Compares,
// Branches, LoopBranches, RegisterStackInstructions). Expected values are worked out by hand.
	.include "checks.inc"
	.text
	.global	_start
	.proc	_start
_start:
	alloc	r2 = ar.pfs, 0, 24, 0, 8	// r32-r39 rotate; r40-r55 hold operands across checks
	mov	r4 = 0
	mov	r40 = -5
	mov	r41 = 3
	movl	r42 = 0x100000000
	;;
	cmp.lt	p6, p7 = r40, r41
	;;
	checkp	p6, 1, "cmp.lt signed"
	checkp	p7, 0, "cmp.lt complement"
	cmp.ltu	p6, p7 = r40, r41
	;;
	checkp	p6, 0, "cmp.ltu unsigned"
	cmp4.lt	p6, p7 = r42, r41		// low 32 bits: 0 < 3
	;;
	checkp	p6, 1, "cmp4 compares the low word"
	cmp.eq	p8, p9 = r0, r41		// p8 = 0, p9 = 1
	cmp.eq.or p10, p11 = r0, r0		// or-type: both set
	;;
(p8)	cmp.eq.unc p10, p11 = r0, r0		// qp false: unc still clears both
	;;
	checkp	p10, 0, "cmp.unc clears p1 when qp is false"
	checkp	p11, 0, "cmp.unc clears p2 when qp is false"
	cmp.eq.or p12, p13 = r0, r0
	;;
	cmp.eq.and p12, p13 = 1, r41		// 1 == 3 is false: and-type clears both
	;;
	checkp	p12, 0, "cmp.and false clears p1"
	checkp	p13, 0, "cmp.and false clears p2"
	cmp.ne.or.andcm p12, p13 = 2, r41	// 2 != 3: p1 set, p2 cleared
	;;
	checkp	p12, 1, "cmp.or.andcm sets p1"
	cmp.eq.or p14, p15 = r0, r0
	;;
	cmp.lt.and p14, p15 = r0, r40		// 0 < -5 is false
	;;
	checkp	p14, 0, "cmp.lt.and against r0"

	// br.cloop: ten trips of r43 += 3.
	mov	r43 = 0
	mov	ar.lc = 9
	;;
.Lcloop:
	adds	r43 = 3, r43
	br.cloop.sptk.few .Lcloop
	;;
	check	r43, 30, "br.cloop runs lc+1 times"

	// br.ctop: a three-stage pipeline over the values 1..5 (lc 4, ec 3): stage 1 loads the value
	// into r32, stage 3 finds it in r34 two rotations later and adds it up. 5 + 2 trips, sum 15.
	mov	r44 = 0
	mov	r45 = 1
	mov	ar.lc = 4
	mov	ar.ec = 3
	mov	pr.rot = 1 << 16
	;;
.Lctop:
(p16)	mov	r32 = r45
(p16)	adds	r45 = 1, r45
(p18)	add	r44 = r44, r34
	br.ctop.sptk.few .Lctop
	;;
	check	r44, 15, "br.ctop pipeline sums through rotating registers"
	mov	r46 = ar.ec
	;;
	check	r46, 0, "br.ctop drains ar.ec"

	// Deep recursion through the register stack: sum(3000) with eight locals per frame spills
	// and fills thousands of frames. 3000 * 3001 / 2 = 4501500.
	clrrrb					// rotation left rrb non-zero; alloc may change sor only without it
	;;
	alloc	r2 = ar.pfs, 0, 24, 1, 0
	;;
	mov	out0 = 3000
	br.call.sptk.many b0 = sum
	;;
	mov	r47 = r8
	;;
	check	r47, 4501500, "recursive sum(3000) through RSE spill and fill"
	mov	out0 = 15
	br.call.sptk.many b0 = fib
	;;
	mov	r48 = r8
	;;
	check	r48, 610, "recursive fib(15)"
	finish
	.endp	_start

// sum(n) = n + sum(n - 1), sum(0) = 0; keeps n, the return link and ar.pfs in locals.
	.proc	sum
sum:
	alloc	loc0 = ar.pfs, 1, 7, 1, 0
	mov	loc1 = b0
	mov	loc2 = in0
	cmp.eq	p6, p7 = 0, in0
	;;
(p6)	mov	r8 = 0
(p6)	br.cond.sptk.few .Lsum_done
	adds	out0 = -1, in0
	br.call.sptk.many b0 = sum
	;;
	add	r8 = r8, loc2
.Lsum_done:
	mov	b0 = loc1
	mov	ar.pfs = loc0
	;;
	br.ret.sptk.many b0
	.endp	sum

// fib(n) = n for n < 2, else fib(n - 1) + fib(n - 2).
	.proc	fib
fib:
	alloc	loc0 = ar.pfs, 1, 4, 1, 0
	mov	loc1 = b0
	cmp.lt	p6, p7 = 1, in0
	;;
(p7)	mov	r8 = in0
(p7)	br.cond.sptk.few .Lfib_done
	adds	out0 = -1, in0
	br.call.sptk.many b0 = fib
	;;
	mov	loc2 = r8
	adds	out0 = -2, in0
	br.call.sptk.many b0 = fib
	;;
	add	r8 = r8, loc2
.Lfib_done:
	mov	b0 = loc1
	mov	ar.pfs = loc0
	;;
	br.ret.sptk.many b0
	.endp	fib
