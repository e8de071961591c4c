// arith.Decoder's and arith.Encoder's field offsets, for the kernels that run the coder's step
// themselves (video_asm_amd64.h's, sensor_asm_amd64.s). TestDecoderLayout and
// TestEncoderLayout hold them to the structs.

#define DEC_CODE 0
#define DEC_RNG 4
#define DEC_IN 8
#define DEC_INLEN 16
#define DEC_POS 32
#define DEC_OVERRUN 40

#define ENC_LOW 0
#define ENC_RNG 8
#define ENC_CACHE 12
#define ENC_CACHESIZE 16
#define ENC_OUT 24
#define ENC_OUTLEN 32
