// isa_sampler: one or more instructions of every unit and of many instruction groups, so the
// disassembler round-trip test sees them in a linked executable (with symbols and branch targets)
// as well as in the object. It is not meant to run.
	.explicit
	.text
	.global	_start
	.proc	_start
_start:
	alloc	r34 = ar.pfs, 2, 3, 4, 0
	add	r8 = r9, r10
	sub	r11 = r12, r13, 1
	;;
	adds	r14 = -200, r15
	addl	r16 = 0x1fffff, r2
	shladd	r17 = r18, 3, r19
	;;
	and	r20 = r21, r22
	andcm	r23 = 0x7f, r24
	or	r25 = r26, r27
	;;
	cmp.eq	p6, p7 = r8, r9
	cmp4.lt.unc p8, p9 = 5, r10
	cmp.gt.and p10, p11 = r0, r12
	;;
	tbit.z	p12, p13 = r14, 33
	tnat.nz p14, p15 = r16
	padd2.sss r17 = r18, r19
	;;
	pshl4	r20 = r21, 7
	mux1	r22 = r23, @rev
	mux2	r24 = r25, 0x1b
	;;
	extr.u	r26 = r27, 8, 16
	dep	r28 = r29, r30, 12, 16
	shrp	r31 = r8, r9, 17
	;;
	ld8	r8 = [r9], 8
	ld4.s	r10 = [r11]
	ld8.a	r12 = [r13]
	;;
	st8	[r14] = r15, 16
	st4.rel	[r16] = r17
	cmpxchg8.acq r18 = [r19], r20, ar.ccv
	;;
	fetchadd8.rel r21 = [r22], -4
	xchg4	r23 = [r24], r25
	lfetch.nt1 [r26], 64
	;;
	ldfd	f6 = [r27]
	stfe	[r28] = f7
	ldfps	f8, f9 = [r29]
	;;
	fma.s1	f10 = f11, f12, f13
	fms.d	f14 = f15, f16, f17
	fnma	f18 = f19, f20, f21
	;;
	fcmp.lt.unc p6, p7 = f22, f23
	fclass.m p8, p9 = f24, 0x1ff
	frcpa.s0 f25, p10 = f26, f27
	;;
	fmerge.s f28 = f29, f30
	fcvt.fx.trunc f31 = f32
	xma.l	f33 = f34, f35, f36
	;;
	setf.sig f37 = r8
	getf.exp r9 = f38
	mov	r10 = ar.lc
	;;
	mov	ar.ec = r11
	mov	r12 = b1
	mov	b2 = r13
	;;
	mov	r14 = pr
	mov	pr = r15, 0x1ff7
	mov	r16 = ip
	;;
	movl	r17 = 0x123456789abcdef0
	;;
	chk.s	r18, .Lrecover
	chk.a.clr r19, .Lrecover
	ld8.c.clr r20 = [r21]
	;;
	invala
	mf
	srlz.d
	;;
.Lloop:
	br.cloop.sptk.few .Lloop
	;;
	br.ctop.dptk.many .Lloop
	;;
	br.call.sptk.many b0 = helper
	;;
	br.ret.sptk.many b0
	;;
.Lrecover:
	nop.m	0x12
	nop.i	0x0
	break.b	0x1234
	;;
	brl.call.sptk.many b0 = helper
	;;
	.endp	_start

	.proc	helper
helper:
	cover
	;;
	flushrs
	;;
	br.ret.sptk.many b0
	.endp	helper
