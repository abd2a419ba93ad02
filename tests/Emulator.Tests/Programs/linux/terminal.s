// ioctl on the standard descriptors, run with fd 1 a terminal of 132x43 and fd 0 not: TCGETS on fd 1
// gives a cooked termios (ICANON and ECHO in c_lflag), TIOCGWINSZ its size; fd 0 answers ENOTTY.
	.include "checks.inc"
	.data
	.align	8
termios: .skip	64
winsize: .skip	8

	.text
	.global	_start
	.proc	_start
_start:
	alloc	r2 = ar.pfs, 0, 8, 3, 0
	mov	r4 = 0
	;;
	mov	r15 = 1065			// ioctl(1, TCGETS, &termios)
	mov	out0 = 1
	mov	out1 = 0x5401
	movl	out2 = termios
	;;
	break.i	0x100000
	;;
	mov	r32 = r8
	mov	r33 = r10
	movl	r34 = termios + 12
	;;
	ld4	r35 = [r34]
	;;
	check	r33, 0, "TCGETS on a terminal succeeds"
	and	r35 = 0xa, r35			// ICANON 0x2 | ECHO 0x8
	;;
	check	r35, 0xa, "the terminal is in cooked mode with echo"
	mov	r15 = 1065			// ioctl(1, TIOCGWINSZ, &winsize)
	mov	out0 = 1
	mov	out1 = 0x5413
	movl	out2 = winsize
	;;
	break.i	0x100000
	;;
	movl	r34 = winsize
	;;
	ld2	r35 = [r34], 2
	;;
	ld2	r36 = [r34]
	;;
	check	r35, 43, "TIOCGWINSZ rows"
	check	r36, 132, "TIOCGWINSZ columns"
	mov	r15 = 1065			// ioctl(0, TCGETS, &termios)
	mov	out0 = 0
	mov	out1 = 0x5401
	movl	out2 = termios
	;;
	break.i	0x100000
	;;
	mov	r32 = r8
	mov	r33 = r10
	;;
	check	r33, -1, "TCGETS on a pipe fails"
	check	r32, 25, "with ENOTTY"
	finish
	.endp	_start
