// Control and data speculation with recovery (interpreter groups Speculation, IntegerMemory):
// chk.s branches to recovery code when a speculative load deferred a fault; chk.a recovery reloads.
// The values checked are the program's results, which are the same whether or not recovery runs.
	.include "checks.inc"
	.data
	.align	8
value:	data8	1234

	.text
	.global	_start
	.proc	_start
_start:
	alloc	r2 = ar.pfs, 0, 16, 0, 0
	mov	r4 = 0
	movl	r32 = value
	;;
	ld8.s	r40 = [r0]			// faults if not speculative: deferred as NaT
	;;
	chk.s.i	r40, .Lrecover1
.Lback1:
	check	r40, 42, "chk.s branches to recovery for a NaT"
	ld8.s	r41 = [r32]
	;;
	chk.s.i	r41, .Lfail
.Lback3:
	check	r41, 1234, "chk.s falls through when the load succeeded"
	ld8.a	r42 = [r32]
	mov	r43 = 99
	;;
	st8	[r32] = r43			// a store to the advanced-loaded address
	;;
	chk.a.clr r42, .Lrecover2
.Lback2:
	check	r42, 99, "chk.a recovery reloads after a conflicting store"
	mov	r44 = r32
	;;
	lfetch	[r44], 64
	;;
	check	r44, value + 64, "lfetch post-increment updates the base"
	finish
.Lrecover1:
	mov	r40 = 42
	br.sptk.few .Lback1
.Lrecover2:
	ld8	r42 = [r32]
	br.sptk.few .Lback2
.Lfail:
	mov	r41 = -1
	br.sptk.few .Lback3
	.endp	_start
