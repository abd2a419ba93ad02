// hello: the smallest Ivm guest. Writes a greeting to standard output through the Linux
// write system call and exits with status 0.
	.section .rodata
greeting:
	stringz "Hello from an IA-64 guest on Ivm!\n"
	.set	greeting_len, . - greeting - 1

	.text
	.global	_start
	.proc	_start
_start:
	alloc	r14 = ar.pfs, 0, 0, 3, 0
	addl	r15 = 1027, r0			// __NR_write
	mov	out0 = 1			// stdout
	movl	out1 = greeting
	mov	out2 = greeting_len
	;;
	break.i	0x100000			// Linux system call
	;;
	addl	r15 = 1025, r0			// __NR_exit
	mov	out0 = 0
	;;
	break.i	0x100000
	.endp	_start
