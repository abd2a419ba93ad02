// probe (interpreter group Probes): text is readable, not writable; data both; an unmapped address
// neither; probe.r.fault on a readable page falls through.
	.include "checks.inc"
	.data
	.align	8
word:	data8	0

	.text
	.global	_start
	.proc	_start
_start:
	alloc	r2 = ar.pfs, 0, 8, 0, 0
	mov	r4 = 0
	movl	r32 = _start
	movl	r33 = word
	mov	r34 = 3
	;;
	probe.r	r35 = r32, 3
	probe.w	r36 = r32, r34
	;;
	check	r35, 1, "text is readable"
	check	r36, 0, "text is not writable"
	probe.r	r35 = r33, r34
	probe.w	r36 = r33, 3
	;;
	check	r35, 1, "data is readable"
	check	r36, 1, "data is writable"
	probe.r	r35 = r0, 3
	probe.w	r36 = r0, 3
	;;
	check	r35, 0, "page 0 is not readable"
	check	r36, 0, "page 0 is not writable"
	probe.rw.fault r33, 3
	probe.r.fault r32, 3
	;;
	check	r0, 0, "probe.fault forms pass for accessible pages"
	finish
	.endp	_start
