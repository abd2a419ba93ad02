// Formatted numbers through write(): signed and unsigned decimal, hexadecimal, and doubles in fixed
// point with six decimals (scaled by 10^6 in the 82-bit format, rounded to an integer with fcvt.fx
// under ar.fpsr's round-to-nearest, then printed as digits with the point inserted). The test compares
// every line with .NET's own formatting of the same values.
	.explicit
	.data
	.align	8
cursor:	data8	line
line:	.skip	128
integers:
	data8	0, 1, -1, 42, -1234567890, 0x7fffffffffffffff, 0x8000000000000000
	.set	integer_count, 7
doubles:
	data8	0x400921fb54442d18		// pi
	data8	0xc004000000000000		// -2.5
	data8	0x40934a456d5cfaad		// 1234.5678
	data8	0x3fb999999999999a		// 0.1
	data8	0x3e7ad7f29abcaf48		// 1e-7
	data8	0x0000000000000000		// 0.0
	data8	0xc0c81c8000000000		// -12345.0
	.set	double_count, 7
million:
	data8	0x412e848000000000		// 1e6
	.section .rodata
int_label:	stringz	"int "
hex_label:	stringz	"hex "
fixed_label:	stringz	"fixed "

	.text
	.global	_start
	.proc	_start
_start:
	alloc	r2 = ar.pfs, 0, 6, 2, 0
	movl	r32 = integers
	mov	r33 = integer_count
	;;
.Lintegers:
	movl	out0 = int_label
	br.call.sptk.many b0 = put_string
	;;
	ld8	out0 = [r32]
	br.call.sptk.many b0 = put_signed
	;;
	br.call.sptk.many b0 = end_line
	;;
	movl	out0 = hex_label
	br.call.sptk.many b0 = put_string
	;;
	ld8	out0 = [r32], 8
	br.call.sptk.many b0 = put_hex
	;;
	br.call.sptk.many b0 = end_line
	adds	r33 = -1, r33
	;;
	cmp.ne	p6, p0 = 0, r33
(p6)	br.cond.sptk .Lintegers
	movl	r32 = doubles
	mov	r33 = double_count
	;;
.Ldoubles:
	movl	out0 = fixed_label
	br.call.sptk.many b0 = put_string
	;;
	ld8	out0 = [r32], 8
	br.call.sptk.many b0 = put_fixed
	;;
	br.call.sptk.many b0 = end_line
	adds	r33 = -1, r33
	;;
	cmp.ne	p6, p0 = 0, r33
(p6)	br.cond.sptk .Ldoubles
	mov	r15 = 1025			// exit(0)
	mov	out0 = 0
	;;
	break.i	0x100000
	.endp	_start

// put_char(in0): appends one byte to the line.
	.proc	put_char
put_char:
	alloc	r14 = ar.pfs, 1, 0, 0, 0
	movl	r16 = cursor
	;;
	ld8	r17 = [r16]
	;;
	st1	[r17] = in0, 1
	;;
	st8	[r16] = r17
	br.ret.sptk.many b0
	.endp	put_char

// put_string(in0): appends a NUL-terminated string.
	.proc	put_string
put_string:
	alloc	loc0 = ar.pfs, 1, 3, 1, 0
	mov	loc1 = b0
	mov	loc2 = in0
	;;
.Lstring:
	ld1	out0 = [loc2], 1
	;;
	cmp.eq	p6, p0 = 0, out0
(p6)	br.cond.dpnt .Lstring_done
	br.call.sptk.many b0 = put_char
	;;
	br.sptk	.Lstring
.Lstring_done:
	mov	ar.pfs = loc0
	mov	b0 = loc1
	br.ret.sptk.many b0
	.endp	put_string

// put_decimal(in0 = unsigned value, in1 = digits after a decimal point, 0 for none): the digits are
// formed last first in a 32-byte area of the memory stack, then appended in order.
	.proc	put_decimal
put_decimal:
	alloc	loc0 = ar.pfs, 2, 6, 1, 0
	mov	loc1 = b0
	adds	r12 = -48, r12
	;;
	adds	loc2 = 48, r12			// one past the last byte of the area
	mov	loc3 = in0
	mov	loc4 = 0			// digits produced
	movl	r14 = 0xcccccccccccccccd	// ceil(2^67 / 10): v / 10 = (v * this) >> 67
	;;
	setf.sig f6 = r14
.Ldigit:
	setf.sig f7 = loc3
	;;
	xma.hu	f8 = f7, f6, f0
	;;
	getf.sig r14 = f8
	;;
	shr.u	r14 = r14, 3			// q = v / 10
	;;
	shladd	r15 = r14, 2, r14
	;;
	add	r15 = r15, r15			// 10q
	;;
	sub	r15 = loc3, r15			// the digit
	mov	loc3 = r14
	adds	loc4 = 1, loc4
	;;
	adds	r15 = 48, r15
	adds	loc2 = -1, loc2
	;;
	st1	[loc2] = r15
	cmp.eq	p6, p0 = loc4, in1		// all fraction digits done: the point comes next
	;;
(p6)	mov	r15 = 46			// '.'
(p6)	adds	loc2 = -1, loc2
	;;
(p6)	st1	[loc2] = r15
	cmp.ne	p7, p0 = 0, loc3		// more digits in the value
	cmp.ge	p8, p0 = in1, loc4		// or the integer part has not started yet
	;;
(p7)	br.cond.dptk .Ldigit
(p8)	br.cond.dptk .Ldigit
	adds	loc5 = 48, r12
	;;
.Lcopy:
	ld1	out0 = [loc2], 1
	br.call.sptk.many b0 = put_char
	;;
	cmp.ltu	p6, p0 = loc2, loc5
(p6)	br.cond.dptk .Lcopy
	adds	r12 = 48, r12
	mov	ar.pfs = loc0
	mov	b0 = loc1
	br.ret.sptk.many b0
	.endp	put_decimal

// put_signed(in0): '-' then the magnitude for a negative value (the most negative one included:
// its two's complement negation is itself, which as unsigned is the right magnitude).
	.proc	put_signed
put_signed:
	alloc	loc0 = ar.pfs, 1, 3, 2, 0
	mov	loc1 = b0
	mov	loc2 = in0
	cmp.lt	p6, p0 = in0, r0
	;;
(p6)	mov	out0 = 45			// '-'
(p6)	br.call.sptk.many b0 = put_char
	;;
(p6)	sub	loc2 = r0, loc2
	;;
	mov	out0 = loc2
	mov	out1 = 0
	br.call.sptk.many b0 = put_decimal
	;;
	mov	ar.pfs = loc0
	mov	b0 = loc1
	br.ret.sptk.many b0
	.endp	put_signed

// put_hex(in0): lowercase hexadecimal without leading zeros.
	.proc	put_hex
put_hex:
	alloc	loc0 = ar.pfs, 1, 4, 1, 0
	mov	loc1 = b0
	mov	loc2 = 60			// shift of the current nibble
	mov	loc3 = 0			// a non-zero nibble has been printed
	;;
.Lnibble:
	shr.u	r14 = in0, loc2
	;;
	and	r14 = 15, r14
	;;
	cmp.ne	p6, p0 = 0, r14
	;;
	cmp.eq.or p6, p0 = 0, loc2		// the last nibble always prints
	;;
(p6)	mov	loc3 = 1
	;;
	cmp.ne	p8, p0 = 0, loc3
	cmp.ltu	p9, p10 = 9, r14
	;;
(p9)	adds	out0 = 87, r14			// 'a' - 10
(p10)	adds	out0 = 48, r14			// '0'
(p8)	br.call.sptk.many b0 = put_char
	;;
	adds	loc2 = -4, loc2
	;;
	cmp.le	p6, p0 = 0, loc2
(p6)	br.cond.dptk .Lnibble
	mov	ar.pfs = loc0
	mov	b0 = loc1
	br.ret.sptk.many b0
	.endp	put_hex

// put_fixed(in0 = the bits of a double): sign, then round(|x| * 10^6) as digits with six decimals.
	.proc	put_fixed
put_fixed:
	alloc	loc0 = ar.pfs, 1, 3, 2, 0
	mov	loc1 = b0
	tbit.nz	p6, p0 = in0, 63
	;;
(p6)	mov	out0 = 45			// '-'
(p6)	br.call.sptk.many b0 = put_char
	;;
	dep	loc2 = 0, in0, 63, 1		// |x|
	movl	r14 = million
	;;
	ldfd	f7 = [r14]
	setf.d	f6 = loc2
	;;
	fmpy.s0	f8 = f6, f7
	;;
	fcvt.fx.s0 f9 = f8			// rounds to nearest under sf0
	;;
	getf.sig out0 = f9
	mov	out1 = 6
	br.call.sptk.many b0 = put_decimal
	;;
	mov	ar.pfs = loc0
	mov	b0 = loc1
	br.ret.sptk.many b0
	.endp	put_fixed

// end_line: appends '\n', writes the line to standard output and starts a new one.
	.proc	end_line
end_line:
	alloc	loc0 = ar.pfs, 0, 2, 3, 0
	mov	loc1 = b0
	mov	out0 = 10
	;;
	br.call.sptk.many b0 = put_char
	;;
	movl	r14 = cursor
	movl	out1 = line
	;;
	ld8	r16 = [r14]
	mov	out0 = 1
	;;
	sub	out2 = r16, out1
	st8	[r14] = out1
	mov	r15 = 1027			// write
	;;
	break.i	0x100000
	;;
	mov	ar.pfs = loc0
	mov	b0 = loc1
	br.ret.sptk.many b0
	.endp	end_line
