// counter: the demo guest. Prints "count N" lines with a running decimal counter, forever,
// pausing between lines with nanosleep so an idle host stays idle. Exercises the register
// stack (a called subroutine with its own frame), integer division by a constant through
// xma.hu with a reciprocal, loops and predication.
	.section .rodata
prefix:
	stringz "count "
	.set	prefix_len, . - prefix - 1
	.align	8				// the label must sit on the timespec, not on padding before it
pause:
	data8	0, 200000000			// struct timespec { 0 s, 200 ms }


	.text
	.global	_start
	.proc	_start
_start:
	alloc	loc0 = ar.pfs, 0, 3, 3, 0
	mov	loc1 = 0			// the counter
	;;
.Lloop:
	mov	r15 = 1027			// __NR_write
	mov	out0 = 1
	movl	out1 = prefix
	mov	out2 = prefix_len
	;;
	break.i	0x100000
	mov	out0 = loc1
	br.call.sptk.many b0 = print_number
	;;
	mov	r15 = 1168			// __NR_nanosleep
	movl	out0 = pause
	mov	out1 = 0
	;;
	break.i	0x100000
	adds	loc1 = 1, loc1
	br.sptk.few .Lloop
	;;
	.endp	_start

	.include "../print_number.inc"
