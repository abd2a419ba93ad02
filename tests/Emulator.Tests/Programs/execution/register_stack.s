// The register stack engine's explicit controls (interpreter group RegisterStackInstructions):
// cover, flushrs and loadrs. _start's frame starts at the bottom of the backing store (slot 0), so
// its three registers occupy the first three words and no NaT collection lies between them.
// loadrs is observed through memory: registers it loads and a later flushrs writes back carry the
// value memory held at the loadrs, not what was stored there afterwards.
	.include "checks.inc"

	.text
	.global	_start
	.proc	_start
_start:
	mov	r24 = ar.bsp			// the backing store's base
	;;
	alloc	r2 = ar.pfs, 0, 3, 0, 0
	mov	r4 = 0
	;;
	mov	r32 = 11
	mov	r33 = 22
	mov	r34 = 33
	;;
	cover					// the frame becomes dirty registers; sof is 0
	;;
	flushrs					// ... and goes to memory
	;;
	mov	r25 = ar.bsp
	mov	r26 = ar.bspstore
	;;
	sub	r27 = r25, r24
	sub	r28 = r26, r24
	;;
	check	r27, 24, "cover: bsp moves past the three covered registers"
	check	r28, 24, "flushrs: bspstore reaches bsp"
	ld8	r27 = [r24]
	adds	r29 = 8, r24
	;;
	ld8	r28 = [r29]
	;;
	check	r27, 11, "flushrs wrote the first register"
	check	r28, 22, "flushrs wrote the second register"
	mov	r27 = 99
	;;
	st8	[r29] = r27			// memory now holds 99 for the second register
	movl	r27 = (24 << 16)		// ar.rsc.loadrs = 24 bytes, mode 0 (enforced lazy)
	;;
	mov	ar.rsc = r27
	;;
	loadrs					// the three registers come back from memory
	;;
	mov	r26 = ar.bspstore
	;;
	sub	r28 = r26, r24
	;;
	check	r28, 0, "loadrs: bspstore moves down by ar.rsc.loadrs"
	mov	r27 = 7
	;;
	st8	[r29] = r27			// memory changes again; the register keeps 99
	;;
	flushrs
	;;
	ld8	r28 = [r29]
	ld8	r27 = [r24]
	;;
	check	r28, 99, "loadrs loaded the value memory held (flushrs writes it back)"
	check	r27, 11, "loadrs loaded the first register too"
	mov	ar.rsc = r0			// loadrs 0: every dirty register is dropped
	;;
	cover
	;;
	loadrs
	;;
	mov	r25 = ar.bsp
	mov	r26 = ar.bspstore
	;;
	sub	r27 = r25, r26
	;;
	check	r27, 0, "loadrs of 0 bytes leaves nothing dirty"
	movl	r27 = 0xc			// Linux's ar.rsc again
	;;
	mov	ar.rsc = r27
	;;
	finish
	.endp	_start
