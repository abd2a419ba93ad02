// File system calls (LinuxSystemCalls.Files): opens argv[1], which the test fills with
// "hello file\n", and checks what openat, read, lseek, fstat and close return.
	.include "checks.inc"
	.data
	.align	8
buffer:	.skip	64
statbuf: .skip	144
missing: stringz "/nonexistent/ivm-test-file"

	.text
	.global	_start
	.proc	_start
_start:
	alloc	r2 = ar.pfs, 0, 16, 4, 0
	mov	r4 = 0
	adds	r32 = 32, r12			// argv[1]: sp + 16 is argc, then argv[0], argv[1]
	;;
	ld8	r34 = [r32]
	mov	r15 = 1281			// openat(AT_FDCWD, argv[1], O_RDONLY)
	mov	out0 = -100
	;;
	mov	out1 = r34
	mov	out2 = 0
	;;
	break.i	0x100000
	;;
	mov	r35 = r8
	mov	r36 = r10
	;;
	check	r35, 3, "openat returns the lowest free descriptor"
	check	r36, 0, "openat succeeds (r10 = 0)"
	mov	r15 = 1026			// read(fd, buffer, 64)
	mov	out0 = r35
	movl	out1 = buffer
	mov	out2 = 64
	;;
	break.i	0x100000
	;;
	mov	r37 = r8
	movl	r38 = buffer
	;;
	ld8	r39 = [r38]
	;;
	check	r37, 11, "read returns the byte count"
	check	r39, 0x6966206f6c6c6568, "read brings the file's bytes"
	mov	r15 = 1040			// lseek(fd, 0, SEEK_END)
	mov	out0 = r35
	mov	out1 = 0
	mov	out2 = 2
	;;
	break.i	0x100000
	;;
	mov	r40 = r8
	;;
	check	r40, 11, "lseek to the end returns the size"
	mov	r15 = 1212			// fstat(fd, statbuf)
	mov	out0 = r35
	movl	out1 = statbuf
	;;
	break.i	0x100000
	;;
	movl	r41 = statbuf + 48
	;;
	ld8	r42 = [r41]
	;;
	check	r42, 11, "fstat st_size"
	mov	r15 = 1029			// close(fd), twice
	mov	out0 = r35
	;;
	break.i	0x100000
	;;
	mov	r43 = r8
	mov	r15 = 1029
	mov	out0 = r35
	;;
	check	r43, 0, "close succeeds"
	break.i	0x100000
	;;
	mov	r44 = r8
	mov	r45 = r10
	;;
	check	r44, 9, "closing again gives EBADF"
	check	r45, -1, "errors set r10 to -1"
	mov	r15 = 1281
	mov	out0 = -100
	movl	out1 = missing
	mov	out2 = 0
	;;
	break.i	0x100000
	;;
	mov	r46 = r8
	;;
	check	r46, 2, "opening a missing file gives ENOENT"
	finish
	.endp	_start
