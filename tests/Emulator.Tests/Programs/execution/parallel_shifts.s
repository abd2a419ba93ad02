// Parallel shifts (interpreter group ParallelShifts): pshl, pshr and pshr.u on 2- and 4-byte
// elements by immediate and register counts, including 0, the element width - 1, the width and
// beyond (zeros, or sign copies for pshr; the register count is unsigned). Expected values come
// from a separate Python model of the SDM vol. 3 pseudo-code; inputs in the comments.
	.include "checks.inc"
	.text
	.global	_start
	.proc	_start
_start:
	alloc	r2 = ar.pfs, 0, 28, 0, 0
	mov	r4 = 0
	movl	r32 = 0x80017ffff0f00001
	movl	r33 = 0x800000017ffffff0
	movl	r50 = 0
	movl	r51 = 1
	movl	r52 = 15
	movl	r53 = 16
	movl	r54 = 31
	movl	r55 = 32
	movl	r56 = 33
	movl	r57 = 64
	movl	r58 = 1000
	movl	r59 = 9223372036854775808
	pshl2	r40 = r32, 0
	;;
	check	r40, 0x80017ffff0f00001, "pshl2 by 0"	// halfwords of 0x80017ffff0f00001
	pshr2	r40 = r32, 0
	;;
	check	r40, 0x80017ffff0f00001, "pshr2 by 0"	// halfwords of 0x80017ffff0f00001
	pshr2.u	r40 = r32, 0
	;;
	check	r40, 0x80017ffff0f00001, "pshr2.u by 0"	// halfwords of 0x80017ffff0f00001
	pshl2	r40 = r32, 1
	;;
	check	r40, 0x2fffee1e00002, "pshl2 by 1"	// halfwords of 0x80017ffff0f00001
	pshr2	r40 = r32, 1
	;;
	check	r40, 0xc0003ffff8780000, "pshr2 by 1"	// halfwords of 0x80017ffff0f00001
	pshr2.u	r40 = r32, 1
	;;
	check	r40, 0x40003fff78780000, "pshr2.u by 1"	// halfwords of 0x80017ffff0f00001
	pshl2	r40 = r32, 15
	;;
	check	r40, 0x8000800000008000, "pshl2 by 15"	// halfwords of 0x80017ffff0f00001
	pshr2	r40 = r32, 15
	;;
	check	r40, 0xffff0000ffff0000, "pshr2 by 15"	// halfwords of 0x80017ffff0f00001
	pshr2.u	r40 = r32, 15
	;;
	check	r40, 0x1000000010000, "pshr2.u by 15"	// halfwords of 0x80017ffff0f00001
	pshl2	r40 = r32, 16
	;;
	check	r40, 0x0, "pshl2 by 16"	// halfwords of 0x80017ffff0f00001
	pshr2	r40 = r32, 16
	;;
	check	r40, 0xffff0000ffff0000, "pshr2 by 16"	// halfwords of 0x80017ffff0f00001
	pshr2.u	r40 = r32, 16
	;;
	check	r40, 0x0, "pshr2.u by 16"	// halfwords of 0x80017ffff0f00001
	pshl2	r40 = r32, 17
	;;
	check	r40, 0x0, "pshl2 by 17"	// halfwords of 0x80017ffff0f00001
	pshr2	r40 = r32, 17
	;;
	check	r40, 0xffff0000ffff0000, "pshr2 by 17"	// halfwords of 0x80017ffff0f00001
	pshr2.u	r40 = r32, 17
	;;
	check	r40, 0x0, "pshr2.u by 17"	// halfwords of 0x80017ffff0f00001
	pshl2	r40 = r32, 31
	;;
	check	r40, 0x0, "pshl2 by 31"	// halfwords of 0x80017ffff0f00001
	pshr2	r40 = r32, 31
	;;
	check	r40, 0xffff0000ffff0000, "pshr2 by 31"	// halfwords of 0x80017ffff0f00001
	pshr2.u	r40 = r32, 31
	;;
	check	r40, 0x0, "pshr2.u by 31"	// halfwords of 0x80017ffff0f00001
	pshl4	r40 = r33, 0
	;;
	check	r40, 0x800000017ffffff0, "pshl4 by 0"	// words of 0x800000017ffffff0
	pshr4	r40 = r33, 0
	;;
	check	r40, 0x800000017ffffff0, "pshr4 by 0"	// words of 0x800000017ffffff0
	pshr4.u	r40 = r33, 0
	;;
	check	r40, 0x800000017ffffff0, "pshr4.u by 0"	// words of 0x800000017ffffff0
	pshl4	r40 = r33, 1
	;;
	check	r40, 0x2ffffffe0, "pshl4 by 1"	// words of 0x800000017ffffff0
	pshr4	r40 = r33, 1
	;;
	check	r40, 0xc00000003ffffff8, "pshr4 by 1"	// words of 0x800000017ffffff0
	pshr4.u	r40 = r33, 1
	;;
	check	r40, 0x400000003ffffff8, "pshr4.u by 1"	// words of 0x800000017ffffff0
	pshl4	r40 = r33, 31
	;;
	check	r40, 0x8000000000000000, "pshl4 by 31"	// words of 0x800000017ffffff0
	pshr4	r40 = r33, 31
	;;
	check	r40, 0xffffffff00000000, "pshr4 by 31"	// words of 0x800000017ffffff0
	pshr4.u	r40 = r33, 31
	;;
	check	r40, 0x100000000, "pshr4.u by 31"	// words of 0x800000017ffffff0
	pshl2	r40 = r32, r50
	;;
	check	r40, 0x80017ffff0f00001, "pshl2 by register 0"	// halfwords of 0x80017ffff0f00001
	pshr2	r40 = r32, r50
	;;
	check	r40, 0x80017ffff0f00001, "pshr2 by register 0"	// halfwords of 0x80017ffff0f00001
	pshr2.u	r40 = r32, r50
	;;
	check	r40, 0x80017ffff0f00001, "pshr2.u by register 0"	// halfwords of 0x80017ffff0f00001
	pshl4	r40 = r33, r50
	;;
	check	r40, 0x800000017ffffff0, "pshl4 by register 0"	// words of 0x800000017ffffff0
	pshr4	r40 = r33, r50
	;;
	check	r40, 0x800000017ffffff0, "pshr4 by register 0"	// words of 0x800000017ffffff0
	pshr4.u	r40 = r33, r50
	;;
	check	r40, 0x800000017ffffff0, "pshr4.u by register 0"	// words of 0x800000017ffffff0
	pshl2	r40 = r32, r51
	;;
	check	r40, 0x2fffee1e00002, "pshl2 by register 1"	// halfwords of 0x80017ffff0f00001
	pshr2	r40 = r32, r51
	;;
	check	r40, 0xc0003ffff8780000, "pshr2 by register 1"	// halfwords of 0x80017ffff0f00001
	pshr2.u	r40 = r32, r51
	;;
	check	r40, 0x40003fff78780000, "pshr2.u by register 1"	// halfwords of 0x80017ffff0f00001
	pshl4	r40 = r33, r51
	;;
	check	r40, 0x2ffffffe0, "pshl4 by register 1"	// words of 0x800000017ffffff0
	pshr4	r40 = r33, r51
	;;
	check	r40, 0xc00000003ffffff8, "pshr4 by register 1"	// words of 0x800000017ffffff0
	pshr4.u	r40 = r33, r51
	;;
	check	r40, 0x400000003ffffff8, "pshr4.u by register 1"	// words of 0x800000017ffffff0
	pshl2	r40 = r32, r52
	;;
	check	r40, 0x8000800000008000, "pshl2 by register 15"	// halfwords of 0x80017ffff0f00001
	pshr2	r40 = r32, r52
	;;
	check	r40, 0xffff0000ffff0000, "pshr2 by register 15"	// halfwords of 0x80017ffff0f00001
	pshr2.u	r40 = r32, r52
	;;
	check	r40, 0x1000000010000, "pshr2.u by register 15"	// halfwords of 0x80017ffff0f00001
	pshl4	r40 = r33, r52
	;;
	check	r40, 0x8000fff80000, "pshl4 by register 15"	// words of 0x800000017ffffff0
	pshr4	r40 = r33, r52
	;;
	check	r40, 0xffff00000000ffff, "pshr4 by register 15"	// words of 0x800000017ffffff0
	pshr4.u	r40 = r33, r52
	;;
	check	r40, 0x100000000ffff, "pshr4.u by register 15"	// words of 0x800000017ffffff0
	pshl2	r40 = r32, r53
	;;
	check	r40, 0x0, "pshl2 by register 16"	// halfwords of 0x80017ffff0f00001
	pshr2	r40 = r32, r53
	;;
	check	r40, 0xffff0000ffff0000, "pshr2 by register 16"	// halfwords of 0x80017ffff0f00001
	pshr2.u	r40 = r32, r53
	;;
	check	r40, 0x0, "pshr2.u by register 16"	// halfwords of 0x80017ffff0f00001
	pshl4	r40 = r33, r53
	;;
	check	r40, 0x10000fff00000, "pshl4 by register 16"	// words of 0x800000017ffffff0
	pshr4	r40 = r33, r53
	;;
	check	r40, 0xffff800000007fff, "pshr4 by register 16"	// words of 0x800000017ffffff0
	pshr4.u	r40 = r33, r53
	;;
	check	r40, 0x800000007fff, "pshr4.u by register 16"	// words of 0x800000017ffffff0
	pshl2	r40 = r32, r54
	;;
	check	r40, 0x0, "pshl2 by register 31"	// halfwords of 0x80017ffff0f00001
	pshr2	r40 = r32, r54
	;;
	check	r40, 0xffff0000ffff0000, "pshr2 by register 31"	// halfwords of 0x80017ffff0f00001
	pshr2.u	r40 = r32, r54
	;;
	check	r40, 0x0, "pshr2.u by register 31"	// halfwords of 0x80017ffff0f00001
	pshl4	r40 = r33, r54
	;;
	check	r40, 0x8000000000000000, "pshl4 by register 31"	// words of 0x800000017ffffff0
	pshr4	r40 = r33, r54
	;;
	check	r40, 0xffffffff00000000, "pshr4 by register 31"	// words of 0x800000017ffffff0
	pshr4.u	r40 = r33, r54
	;;
	check	r40, 0x100000000, "pshr4.u by register 31"	// words of 0x800000017ffffff0
	pshl2	r40 = r32, r55
	;;
	check	r40, 0x0, "pshl2 by register 32"	// halfwords of 0x80017ffff0f00001
	pshr2	r40 = r32, r55
	;;
	check	r40, 0xffff0000ffff0000, "pshr2 by register 32"	// halfwords of 0x80017ffff0f00001
	pshr2.u	r40 = r32, r55
	;;
	check	r40, 0x0, "pshr2.u by register 32"	// halfwords of 0x80017ffff0f00001
	pshl4	r40 = r33, r55
	;;
	check	r40, 0x0, "pshl4 by register 32"	// words of 0x800000017ffffff0
	pshr4	r40 = r33, r55
	;;
	check	r40, 0xffffffff00000000, "pshr4 by register 32"	// words of 0x800000017ffffff0
	pshr4.u	r40 = r33, r55
	;;
	check	r40, 0x0, "pshr4.u by register 32"	// words of 0x800000017ffffff0
	pshl2	r40 = r32, r56
	;;
	check	r40, 0x0, "pshl2 by register 33"	// halfwords of 0x80017ffff0f00001
	pshr2	r40 = r32, r56
	;;
	check	r40, 0xffff0000ffff0000, "pshr2 by register 33"	// halfwords of 0x80017ffff0f00001
	pshr2.u	r40 = r32, r56
	;;
	check	r40, 0x0, "pshr2.u by register 33"	// halfwords of 0x80017ffff0f00001
	pshl4	r40 = r33, r56
	;;
	check	r40, 0x0, "pshl4 by register 33"	// words of 0x800000017ffffff0
	pshr4	r40 = r33, r56
	;;
	check	r40, 0xffffffff00000000, "pshr4 by register 33"	// words of 0x800000017ffffff0
	pshr4.u	r40 = r33, r56
	;;
	check	r40, 0x0, "pshr4.u by register 33"	// words of 0x800000017ffffff0
	pshl2	r40 = r32, r57
	;;
	check	r40, 0x0, "pshl2 by register 64"	// halfwords of 0x80017ffff0f00001
	pshr2	r40 = r32, r57
	;;
	check	r40, 0xffff0000ffff0000, "pshr2 by register 64"	// halfwords of 0x80017ffff0f00001
	pshr2.u	r40 = r32, r57
	;;
	check	r40, 0x0, "pshr2.u by register 64"	// halfwords of 0x80017ffff0f00001
	pshl4	r40 = r33, r57
	;;
	check	r40, 0x0, "pshl4 by register 64"	// words of 0x800000017ffffff0
	pshr4	r40 = r33, r57
	;;
	check	r40, 0xffffffff00000000, "pshr4 by register 64"	// words of 0x800000017ffffff0
	pshr4.u	r40 = r33, r57
	;;
	check	r40, 0x0, "pshr4.u by register 64"	// words of 0x800000017ffffff0
	pshl2	r40 = r32, r58
	;;
	check	r40, 0x0, "pshl2 by register 1000"	// halfwords of 0x80017ffff0f00001
	pshr2	r40 = r32, r58
	;;
	check	r40, 0xffff0000ffff0000, "pshr2 by register 1000"	// halfwords of 0x80017ffff0f00001
	pshr2.u	r40 = r32, r58
	;;
	check	r40, 0x0, "pshr2.u by register 1000"	// halfwords of 0x80017ffff0f00001
	pshl4	r40 = r33, r58
	;;
	check	r40, 0x0, "pshl4 by register 1000"	// words of 0x800000017ffffff0
	pshr4	r40 = r33, r58
	;;
	check	r40, 0xffffffff00000000, "pshr4 by register 1000"	// words of 0x800000017ffffff0
	pshr4.u	r40 = r33, r58
	;;
	check	r40, 0x0, "pshr4.u by register 1000"	// words of 0x800000017ffffff0
	pshl2	r40 = r32, r59
	;;
	check	r40, 0x0, "pshl2 by register 9223372036854775808"	// halfwords of 0x80017ffff0f00001
	pshr2	r40 = r32, r59
	;;
	check	r40, 0xffff0000ffff0000, "pshr2 by register 9223372036854775808"	// halfwords of 0x80017ffff0f00001
	pshr2.u	r40 = r32, r59
	;;
	check	r40, 0x0, "pshr2.u by register 9223372036854775808"	// halfwords of 0x80017ffff0f00001
	pshl4	r40 = r33, r59
	;;
	check	r40, 0x0, "pshl4 by register 9223372036854775808"	// words of 0x800000017ffffff0
	pshr4	r40 = r33, r59
	;;
	check	r40, 0xffffffff00000000, "pshr4 by register 9223372036854775808"	// words of 0x800000017ffffff0
	pshr4.u	r40 = r33, r59
	;;
	check	r40, 0x0, "pshr4.u by register 9223372036854775808"	// words of 0x800000017ffffff0
	ld8.s	r47 = [r0]			// a NaT count
	;;
	pshl2	r40 = r32, r47
	;;
	tnat.nz	p10, p11 = r40
	;;
	checkp	p10, 1, "pshl2 by a NaT count is NaT"
	pshr4.u	r40 = r47, 3
	;;
	tnat.nz	p10, p11 = r40
	;;
	checkp	p10, 1, "pshr4.u of a NaT value is NaT"
	finish
	.endp	_start
