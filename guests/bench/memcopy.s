// Benchmark: memory copy. Copies a 1 MiB buffer 512 times with 8-byte post-increment loads and
// stores (two per bundle pair, counted by ar.lc), then prints a checksum of the copy.
	.include "print.inc"
	.set	SIZE, 1 << 20
	.set	PASSES, 512
	.section .rodata
label:	stringz	"memcopy"
	.bss
	.align	16
source:	.skip	SIZE
target:	.skip	SIZE

	.text
	.global	_start
	.proc	_start
_start:
	alloc	r2 = ar.pfs, 0, 8, 2, 0
	// Fill the source with i * 0x9e3779b97f4a7c15 so the checksum depends on every word.
	movl	r32 = source
	movl	r33 = 0x9e3779b97f4a7c15
	movl	r34 = SIZE / 8 - 1
	mov	r35 = 0
	;;
	mov	ar.lc = r34
	;;
.Lfill:
	st8	[r32] = r35, 8
	add	r35 = r35, r33
	br.cloop.sptk.few .Lfill
	;;
	mov	r36 = PASSES
.Lpass:
	movl	r32 = source
	movl	r37 = source + 8
	movl	r33 = target
	movl	r38 = target + 8
	movl	r34 = SIZE / 16 - 1
	;;
	mov	ar.lc = r34
	;;
.Lcopy:
	ld8	r39 = [r32], 16
	ld8	r40 = [r37], 16
	;;
	st8	[r33] = r39, 16
	st8	[r38] = r40, 16
	br.cloop.sptk.few .Lcopy
	;;
	adds	r36 = -1, r36
	;;
	cmp.ne	p6, p0 = 0, r36
(p6)	br.cond.sptk .Lpass
	// Checksum: sum of target words rotated by their index.
	movl	r32 = target
	movl	r34 = SIZE / 8 - 1
	mov	r35 = 0
	;;
	mov	ar.lc = r34
	;;
.Lsum:
	ld8	r39 = [r32], 8
	;;
	add	r35 = r35, r39
	;;
	shrp	r35 = r35, r35, 7
	br.cloop.sptk.few .Lsum
	;;
	movl	out0 = label
	mov	out1 = r35
	br.call.sptk.many b0 = print_result
	;;
	exit_zero
	.endp	_start
