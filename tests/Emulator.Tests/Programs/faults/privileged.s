// Reads a control register at user level: privileged operation fault, SIGILL (interpreter group
// PrivilegedInstructions).
	.text
	.global	_start
_start:
	mov	r14 = cr.iva
	;;
	break.i	0
