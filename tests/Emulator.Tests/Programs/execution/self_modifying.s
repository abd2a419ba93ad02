// Code written at run time: a counted loop is copied into an anonymous read-write-execute mapping
// and run there; on its eleventh pass it overwrites its own first bundle (add 1 becomes add 100)
// and makes the change visible as the architecture asks (fc, sync.i, srlz.i). Every later pass
// must run the new bundle, interpreted or translated (where the loop goes round inside its block).
// Expected by hand: 11 passes add 1 and 9 add 100, so the sum is 11 + 900 = 911.
	.include "checks.inc"
	// Explicit mode: the copied loop's bundles must be exactly as written.
	.explicit

	.text
	.global	_start
	.proc	_start
_start:
	alloc	r2 = ar.pfs, 0, 8, 6, 0
	mov	r15 = 1151			// __NR_mmap
	mov	out0 = 0
	mov	out1 = 4096
	mov	out2 = 7			// PROT_READ | PROT_WRITE | PROT_EXEC
	mov	out3 = 0x22			// MAP_PRIVATE | MAP_ANONYMOUS
	mov	out4 = -1
	mov	out5 = 0
	;;
	break.i	0x100000
	;;
	mov	r20 = r8			// where the loop runs
	movl	r32 = loop_start
	movl	r33 = loop_end
	;;
	sub	r33 = r33, r32
	;;
	shr.u	r33 = r33, 3			// words to copy
	;;
	adds	r33 = -1, r33
	;;
	mov	ar.lc = r33
	mov	r34 = r20
	;;
.Lcopy:
	ld8	r35 = [r32], 8
	;;
	st8	[r34] = r35, 8
	br.cloop.sptk.few .Lcopy
	;;
	// The replacement bundle, assembled below, in two words for the loop's stores.
	movl	r32 = replacement
	;;
	ld8	r25 = [r32], 8
	;;
	ld8	r26 = [r32]
	mov	r21 = 0				// sum
	mov	r22 = 0				// passes
	mov	r23 = r20			// the loop's first bundle
	adds	r24 = 8, r20
	movl	r33 = 19
	;;
	mov	ar.lc = r33
	mov	b6 = r20
	movl	r32 = .Lback
	;;
	mov	b7 = r32
	br.sptk.many b6
	;;
.Lback:
	check	r21, 911, "passes after the rewrite run the new bundle"
	check	r22, 20, "every pass ran"
	ld8	r32 = [r20]
	;;
	sub	r32 = r32, r25
	;;
	check	r32, 0, "the code page holds the new bundle"
	finish
	.endp	_start

	// Copied, not run in place: relative branches keep their distances, the exit is indirect.
	.align	16
loop_start:
	{ .mii
	nop.m	0
	add	r21 = 1, r21
	add	r22 = 1, r22
	;;
	}
	cmp.eq	p6, p0 = 11, r22
	;;
(p6)	st8	[r23] = r25
(p6)	st8	[r24] = r26
	;;
(p6)	fc	r23
	;;
	sync.i
	;;
	srlz.i
	;;
	br.cloop.sptk.few loop_start
	;;
	br.sptk.many b7
	;;
	.align	16
loop_end:

replacement:
	{ .mii
	nop.m	0
	add	r21 = 100, r21
	add	r22 = 1, r22
	;;
	}
