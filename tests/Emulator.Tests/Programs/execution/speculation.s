// Control and data speculation with recovery (interpreter groups Speculation, IntegerMemory):
// chk.s branches to recovery code when a speculative load deferred a fault; chk.a and ld.c consult the
// ALAT. Whether a check hit or missed is made visible by overwriting the target register between the
// advanced load and the check (a register write does not touch the ALAT): a hit keeps the overwritten
// value, a miss reloads from memory or runs recovery code that marks its result.
	.include "checks.inc"
	.data
	.align	8
value:	data8	1234
other:	data8	5678
timeval: data8	0, 0

	.text
	.global	_start
	.proc	_start
_start:
	alloc	r2 = ar.pfs, 0, 24, 0, 0
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
	// chk.a with its entry intact does not branch.
	ld8.a	r45 = [r32]
	;;
	chk.a.nc r45, .Lrecover3
.Lback4:
	check	r45, 99, "chk.a falls through while the entry is valid"
	// ld.c.clr hit: no reload, so the overwritten register keeps 7.
	ld8.a	r46 = [r32]
	;;
	mov	r46 = 7
	;;
	ld8.c.clr r46 = [r32]
	;;
	check	r46, 7, "ld.c.clr hit keeps the register"
	// .clr removed the entry: a second check misses and reloads 99.
	mov	r46 = 7
	;;
	ld8.c.clr r46 = [r32]
	;;
	check	r46, 99, "ld.c.clr removed its entry: next check reloads"
	// A store to the neighbouring word does not disturb the entry; one overlapping byte does.
	movl	r33 = other
	ld8.a	r47 = [r32]
	;;
	st8	[r33] = r43
	mov	r47 = 7
	;;
	ld8.c.nc r47 = [r32]
	;;
	check	r47, 7, "a store beside the advanced load keeps the entry"
	adds	r34 = 7, r32
	mov	r48 = 0x11
	;;
	st1	[r34] = r48			// the top byte of value: 99 becomes 0x1100000000000063
	mov	r47 = 7
	;;
	ld8.c.nc r47 = [r32]
	;;
	check	r47, 0x1100000000000063, "an overlapping st1 removes the entry: ld.c reloads"
	// ld.c.nc that missed allocated a new entry: the next check hits.
	mov	r47 = 7
	;;
	ld8.c.nc r47 = [r32]
	;;
	check	r47, 7, "ld.c.nc allocates on a miss"
	// invala empties the table, invala.e one register's entry.
	ld8.a	r49 = [r32]
	ld8.a	r50 = [r33]
	;;
	invala.e r49
	mov	r49 = 7
	mov	r50 = 7
	;;
	ld8.c.clr r49 = [r32]
	ld8.c.clr r50 = [r33]
	;;
	check	r49, 0x1100000000000063, "invala.e drops that register's entry"
	check	r50, 7, "invala.e leaves other entries"
	ld8.a	r50 = [r33]
	;;
	invala
	mov	r50 = 7
	;;
	ld8.c.clr r50 = [r33]
	;;
	check	r50, 99, "invala drops every entry"
	// ld.sa whose load is deferred (address 0) leaves no entry: chk.a recovers.
	ld8.sa	r51 = [r0]
	;;
	chk.a.clr r51, .Lrecover4
.Lback5:
	check	r51, 55, "ld.sa deferred: chk.a branches to recovery"
	// The FP forms share the table, tagged by FP register.
	ldfd.a	f6 = [r32]
	;;
	mov	f6 = f1				// 1.0; a register write leaves the entry alone
	;;
	ldfd.c.nc f6 = [r32]
	;;
	getf.d	r52 = f6
	;;
	check	r52, 0x3ff0000000000000, "ldfd.c hit keeps the FP register"
	st8	[r32] = r43			// overwrites the advanced-loaded word
	mov	r53 = 0
	;;
	chk.a.nc f6, .Lrecover5
.Lback6:
	check	r53, 77, "a store removes the FP entry: chk.a branches"
	// A kernel store is a store too: gettimeofday() overwrites an advanced-loaded word.
	movl	r55 = timeval
	;;
	ld8.a	r54 = [r55]
	;;
	mov	r54 = 7
	alloc	r56 = ar.pfs, 0, 24, 2, 0	// two outputs for the call
	;;
	mov	out0 = r55
	mov	out1 = r0
	mov	r15 = 1087			// gettimeofday(&timeval, NULL)
	;;
	break.i	0x100000
	;;
	ld8.c.nc r54 = [r55]			// missed: reloads the seconds the kernel wrote
	;;
	cmp.ne	p6, p0 = 7, r54
	;;
	checkp	p6, 1, "a system call's store removes the entry"
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
.Lrecover3:
	mov	r45 = -1
	br.sptk.few .Lback4
.Lrecover4:
	mov	r51 = 55
	br.sptk.few .Lback5
.Lrecover5:
	mov	r53 = 77
	br.sptk.few .Lback6
.Lfail:
	mov	r41 = -1
	br.sptk.few .Lback3
	.endp	_start
