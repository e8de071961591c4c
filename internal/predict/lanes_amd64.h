// Constants in eight 32-bit or four 64-bit lanes for the counters' and weights' AVX2 updates
// (video_asm_amd64.h's CUPD and WVEC, sensor_asm_amd64.s's CUPD8): 1023, the mask of a
// counter state's low ten bits; one; and 2^19, the weights' rounding. Each assembly file
// that includes this has its own file-local copy.
DATA k1023<>+0(SB)/4, $1023
DATA k1023<>+4(SB)/4, $1023
DATA k1023<>+8(SB)/4, $1023
DATA k1023<>+12(SB)/4, $1023
DATA k1023<>+16(SB)/4, $1023
DATA k1023<>+20(SB)/4, $1023
DATA k1023<>+24(SB)/4, $1023
DATA k1023<>+28(SB)/4, $1023
GLOBL k1023<>(SB), RODATA|NOPTR, $32
DATA kOne<>+0(SB)/4, $1
DATA kOne<>+4(SB)/4, $1
DATA kOne<>+8(SB)/4, $1
DATA kOne<>+12(SB)/4, $1
DATA kOne<>+16(SB)/4, $1
DATA kOne<>+20(SB)/4, $1
DATA kOne<>+24(SB)/4, $1
DATA kOne<>+28(SB)/4, $1
GLOBL kOne<>(SB), RODATA|NOPTR, $32
DATA kRound<>+0(SB)/8, $0x80000
DATA kRound<>+8(SB)/8, $0x80000
DATA kRound<>+16(SB)/8, $0x80000
DATA kRound<>+24(SB)/8, $0x80000
GLOBL kRound<>(SB), RODATA|NOPTR, $32
