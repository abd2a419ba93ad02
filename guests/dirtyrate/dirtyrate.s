// dirtyrate MIB [MB_PER_S]: the migration benchmarks' guest. Maps MIB MiB, writes every word of it
// (so every page is touched and none is all zero), prints "ready", then keeps dirtying pages at
// MB_PER_S megabytes (10^6 bytes) per second — one word of each page in turn, with a value that
// changes on every pass — sleeping 1 ms between bursts; with 0 (the default) it only sleeps, an
// idle guest. Every 1024 pages dirtied it prints "dirtied N" so the console shows it is alive.
//
// The rate needs no division: time is kept in nanoseconds and the debt in bytes * 1000, so each
// elapsed nanosecond adds MB_PER_S (10^6 B/s = 1 B per 1000 ns) and a page costs 4096 * 1000.
	.section .rodata
ready:	stringz	"ready\n"
	.set	ready_len, . - ready - 1
usage:	stringz	"usage: dirtyrate MIB [MB_PER_S]\n"
	.set	usage_len, . - usage - 1
dirtied:
	stringz	"dirtied "
	.set	dirtied_len, . - dirtied - 1
	.align	8
pause:	data8	0, 1000000		// struct timespec: 1 ms

	.bss
	.align	16
now:	.skip	16			// struct timespec from clock_gettime

	.text
	.global	_start
	.proc	_start
_start:
	// loc0 region base, loc1 pages, loc2 rate, loc3 cursor page, loc4 last ns, loc5 debt,
	// loc6 pass value, loc7 pages dirtied
	alloc	r2 = ar.pfs, 0, 10, 6, 0
	adds	r14 = 16, r12		// argc
	;;
	ld8	r15 = [r14]
	;;
	cmp.lt	p6, p0 = 1, r15
(p6)	br.cond.sptk.few .Largs
	;;
	mov	r15 = 1027		// write(2, usage)
	mov	out0 = 2
	movl	out1 = usage
	mov	out2 = usage_len
	;;
	break.i	0x100000
	mov	r15 = 1236		// exit_group(2)
	mov	out0 = 2
	;;
	break.i	0x100000
	;;
.Largs:
	mov	loc9 = r15		// argc
	adds	r14 = 32, r12		// argv[1]
	;;
	ld8	out0 = [r14]
	br.call.sptk.many b0 = parse_number
	;;
	shl	loc1 = r8, 8		// MiB -> 4 KiB pages
	mov	loc2 = 0
	cmp.lt	p6, p0 = 2, loc9
	;;
(p6)	adds	r14 = 40, r12		// argv[2]
	;;
(p6)	ld8	out0 = [r14]
(p6)	br.call.sptk.many b0 = parse_number
	;;
(p6)	mov	loc2 = r8
	// mmap(0, pages * 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)
	mov	r15 = 1151
	mov	out0 = 0
	shl	out1 = loc1, 12
	mov	out2 = 3
	mov	out3 = 0x22
	mov	out4 = -1
	mov	out5 = 0
	;;
	break.i	0x100000
	;;
	mov	loc0 = r8
	// Fill: word i holds i * 0x9e3779b97f4a7c15 + 1 (never a whole zero page).
	shl	r16 = loc1, 9		// words
	movl	r17 = 0x9e3779b97f4a7c15
	mov	r18 = 1
	mov	r19 = r8
	;;
	adds	r16 = -1, r16
	;;
	mov	ar.lc = r16
	;;
.Lfill:
	st8	[r19] = r18, 8
	add	r18 = r18, r17
	br.cloop.sptk.few .Lfill
	;;
	mov	r15 = 1027		// write(1, "ready\n")
	mov	out0 = 1
	movl	out1 = ready
	mov	out2 = ready_len
	;;
	break.i	0x100000
	mov	loc3 = 0
	mov	loc5 = 0
	mov	loc6 = 1
	mov	loc7 = 0
	br.call.sptk.many b0 = monotonic_ns
	;;
	mov	loc4 = r8
.Ltick:
	mov	r15 = 1168		// nanosleep(1 ms)
	movl	out0 = pause
	mov	out1 = 0
	;;
	break.i	0x100000
	cmp.eq	p6, p0 = 0, loc2
(p6)	br.cond.sptk.few .Ltick	// idle
	br.call.sptk.many b0 = monotonic_ns
	;;
	sub	r16 = r8, loc4		// elapsed ns
	mov	loc4 = r8
	setf.sig f6 = loc2
	;;
	setf.sig f7 = r16
	;;
	xma.l	f8 = f6, f7, f0
	;;
	getf.sig r17 = f8
	movl	r18 = 4096 * 1000	// one page of debt
	;;
	add	loc5 = loc5, r17
	;;
.Lpage:
	cmp.ltu	p6, p0 = loc5, r18
(p6)	br.cond.sptk.few .Ltick
	;;
	sub	loc5 = loc5, r18
	shl	r19 = loc3, 12
	;;
	add	r19 = loc0, r19
	adds	loc3 = 1, loc3
	;;
	st8	[r19] = loc6
	cmp.eq	p7, p0 = loc3, loc1	// wrapped: next pass writes new values
	adds	loc7 = 1, loc7
	;;
(p7)	mov	loc3 = 0
(p7)	adds	loc6 = 1, loc6
	extr.u	r20 = loc7, 0, 10	// low 10 bits: every 1024th page
	;;
	cmp.eq	p8, p0 = 0, r20
(p8)	br.cond.dpnt.few .Lreport
	br.sptk.few .Lpage
	;;
.Lreport:
	mov	r15 = 1027
	mov	out0 = 1
	movl	out1 = dirtied
	mov	out2 = dirtied_len
	;;
	break.i	0x100000
	mov	out0 = loc7
	br.call.sptk.many b0 = print_number
	;;
	movl	r18 = 4096 * 1000
	br.sptk.few .Lpage
	;;
	.endp	_start

// monotonic_ns(): CLOCK_MONOTONIC in nanoseconds.
	.proc	monotonic_ns
monotonic_ns:
	alloc	loc0 = ar.pfs, 0, 1, 2, 0
	mov	r15 = 1254		// clock_gettime(CLOCK_MONOTONIC, &now)
	mov	out0 = 1
	movl	out1 = now
	;;
	break.i	0x100000
	movl	r14 = now
	movl	r16 = 1000000000
	;;
	ld8	r17 = [r14], 8
	;;
	ld8	r18 = [r14]
	setf.sig f6 = r17
	setf.sig f7 = r16
	;;
	xma.l	f8 = f6, f7, f0
	;;
	getf.sig r8 = f8
	;;
	add	r8 = r8, r18
	mov	ar.pfs = loc0
	br.ret.sptk.many b0
	.endp	monotonic_ns

// parse_number(string): its leading decimal digits as a number.
	.proc	parse_number
parse_number:
	mov	r8 = 0
	;;
.Ldigit:
	ld1	r14 = [r32], 1
	;;
	adds	r15 = -'0', r14
	;;
	cmp.ltu	p6, p0 = 9, r15
(p6)	br.ret.sptk.many b0
	shladd	r16 = r8, 2, r8		// r8 * 5
	;;
	shladd	r8 = r16, 1, r15	// r8 * 10 + digit
	br.sptk.few .Ldigit
	;;
	.endp	parse_number

	.include "../print_number.inc"
