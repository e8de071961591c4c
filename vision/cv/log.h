#ifndef VIDLM_CV_LOG_H
#define VIDLM_CV_LOG_H

#ifdef __cplusplus
extern "C" {
#endif

// vidlm_cv_silence turns OpenCV's own logging off.
void vidlm_cv_silence(void);

// vidlm_ffmpeg_quiet sets FFmpeg's log level to AV_LOG_QUIET; 0 if libavutil is not loaded.
int vidlm_ffmpeg_quiet(void);

#ifdef __cplusplus
}
#endif

#endif
