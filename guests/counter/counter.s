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

	.bss
	.align	16
digits:
	.skip	32

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

// print_number(n): writes n in decimal followed by a newline.
	.proc	print_number
print_number:
	alloc	loc0 = ar.pfs, 1, 4, 3, 0
	mov	loc1 = b0
	movl	loc2 = digits + 31		// fill the buffer from its end
	mov	r16 = 10
	;;
	st1	[loc2] = r16			// trailing newline
	mov	loc3 = in0
	;;
.Ldigit:
	// q = n / 10: the high half of n * 0xcccccccccccccccd, shifted right by 3, is exact
	// for every 64-bit n.
	movl	r17 = 0xcccccccccccccccd
	;;
	setf.sig f6 = loc3
	setf.sig f7 = r17
	;;
	xma.hu	f8 = f6, f7, f0
	;;
	getf.sig r18 = f8
	;;
	shr.u	r18 = r18, 3			// q
	;;
	shladd	r19 = r18, 2, r18		// q * 5
	;;
	add	r19 = r19, r19			// q * 10
	;;
	sub	r20 = loc3, r19			// n - q * 10
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
	mov	r15 = 1027			// __NR_write
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
